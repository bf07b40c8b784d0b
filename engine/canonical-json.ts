/**
 * JSON with object keys sorted at every level (RFC 8785's idea, enough for our plain JSON values),
 * and `undefined` as absent: the same value always gives the same text. Both the audit log's
 * argument digest and `$idempotencyKey` hash it, so changing it changes every stored digest and
 * every idempotency key a retry would send.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
