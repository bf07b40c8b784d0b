import type { CallCheck, CallFacts, Refusal } from './check.js';
import { inputValidCheck } from './input-valid.js';
import { notSupportedCheck } from './not-supported.js';
import { scopesCheck } from './scopes.js';
import { writePermittedCheck } from './write-permitted.js';

/**
 * The run-time policy, in order. The token itself (signature, audience, client IP range) is
 * verified by the HTTP layer before a call reaches this table; the upstream allow-list is the
 * last check, applied to each request a tool sends (see upstream-gate.ts).
 */
export const callChecks: readonly CallCheck[] = [scopesCheck, notSupportedCheck, inputValidCheck, writePermittedCheck];

export function runCallChecks(facts: CallFacts): Refusal | undefined {
  for (const check of callChecks) {
    const refusal = check.run(facts);
    if (refusal) return refusal;
  }
  return undefined;
}
