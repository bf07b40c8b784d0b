import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level (RFC 8785's idea, enough for our plain JSON values). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** `sha256:<hex>` of the canonical JSON: the same arguments always give the same digest. */
export function argumentsDigest(args: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(args ?? {})).digest('hex')}`;
}
