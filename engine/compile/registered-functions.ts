import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';

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

export { canonicalJson };
