import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { AuditEntry, AuditSink } from '../audit/audit-log.js';
import type { CompiledTool } from '../compile/tool.js';
import { ToolgateError } from '../errors.js';
import type { Principal } from '../policy/check.js';
import { runCallChecks } from '../policy/table.js';
import type { UpstreamGate } from '../tools/kind.js';
import { UpstreamError } from '../upstream/upstream-error.js';
import { buildRequestPath, UnsafePathError } from '../upstream/url.js';
import { fitResult } from './fit-result.js';

export interface CallOptions {
  principal?: Principal;
  logger: Logger;
  requestId: string;
  /** Where write calls are recorded; the server always passes one (engine/serve.ts). */
  audit?: AuditSink;
}

/** What went upstream during one call, for the audit record. */
interface UpstreamTrace {
  requests: number;
  status?: number;
  failure?: string;
}

/**
 * The only per-call code path: policy table → tool kind invoke (through the upstream gate) →
 * response shaping → output check → size limit. Errors the model can act on come back as
 * `isError` results (MCP 2025-06-18, tools §Error handling); anything else is logged and answered
 * with a generic message carrying the request id.
 */
export async function callTool(tool: CompiledTool, rawArgs: unknown, options: CallOptions): Promise<CallToolResult> {
  const args = (rawArgs ?? {}) as Record<string, unknown>;
  const refusal = runCallChecks({ tool, args, principal: options.principal });
  const audit = tool.effect === 'write' ? options.audit : undefined;
  const facts = { requestId: options.requestId, principal: options.principal, service: tool.service.name, tool: tool.name, args };
  if (refusal) {
    options.logger.info({ tool: tool.name, check: refusal.check, code: refusal.code }, 'tool call refused');
    await audit?.refused({ ...facts, reason: refusal.code }).catch((error: unknown) => options.logger.error({ err: error, tool: tool.name, requestId: options.requestId }, 'could not record a refused write in the audit log'));
    return toolError(refusal.message);
  }
  // DESIGN.md §Policy 4: a write is recorded before it is sent; if it cannot be, it is not sent.
  let entry: AuditEntry | undefined;
  if (audit) {
    try {
      entry = await audit.begin(facts);
    } catch (error) {
      options.logger.error({ err: error, tool: tool.name, requestId: options.requestId }, 'audit log write failed: the write was not sent upstream');
      return toolError(`The gateway could not record this write in its audit log, so nothing was sent (request ${options.requestId}). Retrying later may help; if it keeps failing, tell the user to report it with the request id.`);
    }
  }
  const trace: UpstreamTrace = { requests: 0 };
  const result = await invoke(tool, args, options, trace);
  if (entry) {
    const outcome = result.isError ? 'failed' : 'succeeded';
    await entry
      .finish({ outcome, reason: result.isError ? (trace.failure ?? 'tool_error') : undefined, upstreamStatus: trace.status, upstreamRequests: trace.requests })
      .catch((error: unknown) => options.logger.error({ err: error, auditId: entry.id, tool: tool.name, requestId: options.requestId }, 'could not record the outcome of a write in the audit log'));
  }
  return result;
}

async function invoke(tool: CompiledTool, args: Record<string, unknown>, options: CallOptions, trace: UpstreamTrace): Promise<CallToolResult> {
  const service = tool.service;
  const gate: UpstreamGate = {
    async send(request) {
      tool.allowList.assert(request.method, request.path);
      trace.requests += 1;
      const response = await service.client.send({
        method: request.method,
        path: buildRequestPath(service.base, request.path, request.query),
        headers: request.headers,
        body: request.body,
      });
      trace.status = response.status;
      return response;
    },
  };
  try {
    const raw = await tool.invoker.invoke({ input: args, upstream: gate });
    const shaped = tool.select ? await tool.select.evaluate(raw) : raw.body;
    const structured = (shaped ?? {}) as Record<string, unknown>;
    if (typeof structured !== 'object' || Array.isArray(structured)) {
      throw new Error(`response.select of ${tool.name} produced ${Array.isArray(structured) ? 'an array' : typeof structured}, not an object`);
    }
    const failures = raw.failures as unknown[] | undefined;
    if (failures && failures.length > 0) structured.failures = failures;
    if (!tool.validateOutput(structured)) {
      trace.failure = 'output_schema';
      options.logger.error({ tool: tool.name, errors: tool.validateOutput.errors, requestId: options.requestId }, 'tool output does not match its output schema');
      return toolError(`The gateway could not shape the upstream answer into this tool's declared output (request ${options.requestId}). This is a problem in the tool's manifest: retrying will not help; tell the user to report it.`);
    }
    const offset = tool.offsetParam ? Number(args[tool.offsetParam] ?? 0) : undefined;
    return fitResult(structured, { truncate: tool.truncate, maxBytes: service.maxResultBytes, offset });
  } catch (error) {
    trace.failure = error instanceof ToolgateError ? error.code : 'internal_error';
    if (error instanceof UpstreamError && error.upstreamStatus !== undefined) trace.status = error.upstreamStatus;
    if (error instanceof UnsafePathError) return toolError(`Invalid arguments: ${error.message}`);
    const refusal = manifestRefusal(error);
    if (refusal !== undefined) {
      options.logger.info({ tool: tool.name, requestId: options.requestId }, 'tool call refused by its manifest');
      return toolError(refusal);
    }
    if (error instanceof ToolgateError && error.expose) {
      options.logger.warn({ tool: tool.name, code: error.code, requestId: options.requestId }, 'tool call failed');
      return toolError(error.message);
    }
    options.logger.error({ err: error, tool: tool.name, requestId: options.requestId }, 'tool call failed unexpectedly');
    return toolError(`The gateway failed while running this tool (request ${options.requestId}). Retrying may not help; tell the user to report it with the request id.`);
  }
}

/**
 * A manifest expression may refuse a call on purpose with JSONata's `$error(message)` or
 * `$assert(condition, message)` (codes D3137, D3141), e.g. a step's `when` that finds the record
 * is not one the tool may change. The message is the manifest author's, written for the model.
 */
function manifestRefusal(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (code === 'D3137' || code === 'D3141') && typeof message === 'string' ? message : undefined;
}

export function toolError(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}
