import { createHash } from 'node:crypto';

/** A function of our own that every expression can call, with its JSONata signature. */
export interface RegisteredFunction {
  implementation: (...args: never[]) => unknown;
  signature: string;
}

/**
 * The functions registered on every parsed expression (expression.ts) and known to the
 * synchronous evaluator (sync-eval/natives.ts), named without their `$`.
 */
export const REGISTERED_FUNCTIONS: Readonly<Record<string, RegisteredFunction>> = {
  idempotencyKey: { implementation: idempotencyKeyOf, signature: '<x?:s>' },
};

/**
 * `$idempotencyKey(value)`: a stable key for a write, derived from the value (usually the tool's
 * whole input), so that a retried call sends the same key upstream and cannot create a duplicate.
 */
export function idempotencyKeyOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}

export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
