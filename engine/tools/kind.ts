import type { ToolManifest } from '../../generated/manifest.js';
import type { CompiledService } from '../compile/service.js';
import type { UpstreamResponse } from '../upstream/client.js';
import type { PreparedRequest } from './request.js';

/** What a tool kind's invoke may do upstream: send one prepared request through the policy gate. */
export interface UpstreamGate {
  send(request: PreparedRequest): Promise<UpstreamResponse>;
}

export interface InvokeContext {
  /** Validated arguments, defaults applied. */
  input: Record<string, unknown>;
  upstream: UpstreamGate;
}

/** The per-call part of a tool, produced once at start-up by its kind's compile. */
export interface ToolInvoker {
  /** Every request shape ("METHOD /path/{x}") the tool can send: its upstream allow-list. */
  readonly requestShapes: ReadonlyArray<{ method: string; path: string }>;
  /** Returns the value that `response.select` then shapes into structuredContent. */
  invoke(context: InvokeContext): Promise<Record<string, unknown>>;
}

/**
 * A tool kind (STYLE.md convention 1): one file exporting one definition, listed in one explicit
 * registry map. `compile` runs at start-up and may throw a ConfigurationError; `invoke` is the
 * only per-call code.
 */
export interface ToolKind<Name extends string = string> {
  readonly name: Name;
  compile(tool: ToolManifest, service: CompiledService): ToolInvoker;
}
