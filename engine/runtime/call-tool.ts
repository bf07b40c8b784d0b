import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { CompiledTool } from '../compile/tool.js';
import { ToolgateError } from '../errors.js';
import type { Principal } from '../policy/check.js';
import { runCallChecks } from '../policy/table.js';
import type { UpstreamGate } from '../tools/kind.js';
import { buildRequestPath, UnsafePathError } from '../upstream/url.js';
import { fitResult } from './fit-result.js';

export interface CallOptions {
  principal?: Principal;
  logger: Logger;
  requestId: string;
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
  if (refusal) {
    options.logger.info({ tool: tool.name, check: refusal.check, code: refusal.code }, 'tool call refused');
    return toolError(refusal.message);
  }
  const service = tool.service;
  const gate: UpstreamGate = {
    send(request) {
      tool.allowList.assert(request.method, request.path);
      return service.client.send({
        method: request.method,
        path: buildRequestPath(service.base, request.path, request.query),
        headers: request.headers,
        body: request.body,
      });
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
      options.logger.error({ tool: tool.name, errors: tool.validateOutput.errors, requestId: options.requestId }, 'tool output does not match its output schema');
      return toolError(`The gateway could not shape the upstream answer into this tool's declared output (request ${options.requestId}). This is a problem in the tool's manifest: retrying will not help; tell the user to report it.`);
    }
    const offset = tool.offsetParam ? Number(args[tool.offsetParam] ?? 0) : undefined;
    return fitResult(structured, { truncate: tool.truncate, maxBytes: service.maxResultBytes, offset });
  } catch (error) {
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
