import { hash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < 32; i += 1) out += ALPHABET[(bytes[i] ?? 0) % 36];
  return out;
}

/**
 * Gainsight GSIDs: 36 uppercase characters, a 4-character type prefix (`1P02` company…) and 32
 * more. Seed ids hash a stable key, so record #17 keeps its id whatever else the seed generates.
 */
export function seedGsid(prefix: string, key: string | number): string {
  return prefix + encode(hash('sha256', `${prefix}:${key}`, 'buffer'));
}

/** Ids of records created through the API. */
export function newGsid(prefix: string): string {
  return prefix + encode(randomBytes(32));
}
