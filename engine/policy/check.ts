import type { CompiledTool } from '../compile/tool.js';

/** Who is calling, from a verified token; absent when the endpoint runs without auth (loopback only). */
export interface Principal {
  subject?: string;
  clientId?: string;
  scopes: readonly string[];
}

export interface CallFacts {
  tool: CompiledTool;
  /** The arguments as received; the input check applies schema defaults in place. */
  args: Record<string, unknown>;
  principal?: Principal;
}

/** A refusal the model can act on: which check, a stable code, and the reason. */
export interface Refusal {
  check: string;
  code: string;
  message: string;
}

/** One named policy check. Checks are pure and cheap: everything they need was compiled at start-up. */
export interface CallCheck {
  readonly name: string;
  run(facts: CallFacts): Refusal | undefined;
}
