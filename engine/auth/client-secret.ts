import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Client secrets are 256 random bits, so a plain SHA-256 is enough to store them (no dictionary
 * to guard against); only the hash is kept, and the secret is shown once when it is made.
 */
const PREFIX = 'sha256$';

export function newClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashClientSecret(secret: string): string {
  return PREFIX + createHash('sha256').update(secret, 'utf8').digest('base64url');
}

export function isHashedSecret(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/**
 * Compares a presented secret with the stored value in constant time. A plain stored value only
 * exists in memory, for the moment between a dynamic registration and its first reload.
 */
export function clientSecretMatches(stored: string | undefined, presented: string | undefined): boolean {
  if (!stored || !presented) return false;
  const expected = Buffer.from(isHashedSecret(stored) ? stored : hashClientSecret(stored));
  const actual = Buffer.from(hashClientSecret(presented));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
