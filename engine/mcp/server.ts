import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  type JSONRPCMessage,
  type JSONRPCRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { AuditSink } from '../audit/audit-log.js';
import type { Principal } from '../policy/check.js';
import { callTool } from '../runtime/call-tool.js';
import type { ServiceRuntime } from '../runtime/registry.js';
import type { CompiledTool } from '../compile/tool.js';
import { MultiplexTransport } from './multiplex-transport.js';
import { encodeOnce } from './response-body.js';

export interface McpEndpoint {
  transport: MultiplexTransport;
  /**
   * Answers a plain tools/call for a known tool without the SDK's request machinery, or returns
   * undefined for the transport to dispatch (see directCall).
   */
  callDirect(message: JSONRPCRequest, extra: { authInfo?: AuthInfo; requestId: string }): Promise<JSONRPCMessage> | undefined;
  close(): Promise<void>;
}

export const SERVER_VERSION = '0.1.0';

/** One low-level SDK Server per service, its handlers closing over the compiled registry. */
export async function createMcpEndpoint(runtime: ServiceRuntime, logger: Logger, options: { audit?: AuditSink } = {}): Promise<McpEndpoint> {
  const server = new Server(
    { name: `toolgate-${runtime.service.name}`, title: runtime.service.title, version: SERVER_VERSION },
    { capabilities: { tools: { listChanged: false } }, instructions: runtime.instructions },
  );
  const listResult = encodeOnce({ tools: runtime.list });
  server.setRequestHandler(ListToolsRequestSchema, () => listResult);
  const run = (tool: CompiledTool, args: unknown, authInfo: AuthInfo | undefined, requestId: string) =>
    callTool(tool, args, { principal: (authInfo as { extra?: { principal?: Principal } } | undefined)?.extra?.principal, logger, audit: options.audit, requestId });
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const tool = runtime.tools.get(request.params.name);
    if (!tool) throw unknownTool(request.params.name);
    return run(tool, request.params.arguments, extra.authInfo, String(extra.requestInfo?.headers?.['x-request-id'] ?? extra.requestId));
  });
  server.onerror = (error) => logger.warn({ err: error }, 'mcp server error');
  const transport = new MultiplexTransport();
  await server.connect(transport);
  return {
    transport,
    callDirect(message, extra) {
      const call = directCall(message, runtime);
      if (!call) return undefined;
      return answer(message, call.tool ? run(call.tool, call.args, extra.authInfo, extra.requestId) : Promise.reject(unknownTool(call.name)));
    },
    close: () => server.close(),
  };
}

/**
 * The one hot path of a gateway is tools/call. Through the SDK's Server each call is parsed with
 * zod against CallToolRequestSchema, given an AbortController and a request context, and its
 * result parsed again against CallToolResultSchema: about a tenth of the CPU of a call (profiled
 * with `npm run bench -- --profile`). Our result needs no such check (callTool builds it, and the
 * output schema is checked there), and a well-formed request is cheap to recognise, so a plain
 * tools/call is answered here, by the same handler, and so is its unknown-tool error: a model
 * that loops on a wrong name would otherwise cost the SDK's whole path per call (about 0.2 ms of
 * CPU, and garbage that reached the old generation: .exp A/B in the issue 5 note). Anything else
 * (a malformed or task-augmented request, every other method) goes to the SDK's Server, which
 * answers its errors exactly as before.
 */
function directCall(message: JSONRPCRequest, runtime: ServiceRuntime): { name: string; tool: CompiledTool | undefined; args: unknown } | undefined {
  if (message.method !== 'tools/call') return undefined;
  const params = message.params as Record<string, unknown> | undefined;
  if (!isPlainObject(params) || typeof params.name !== 'string' || params.task !== undefined) return undefined;
  if (params.arguments !== undefined && !isPlainObject(params.arguments)) return undefined;
  if (params._meta !== undefined && !(isPlainObject(params._meta) && ['string', 'number', 'undefined'].includes(typeof params._meta.progressToken))) return undefined;
  return { name: params.name, tool: runtime.tools.get(params.name), args: params.arguments };
}

/**
 * MCP 2025-06-18, tools §Error handling: an unknown tool is a protocol error, -32602 with the
 * message of the spec's example, "Unknown tool: <name>". Not an McpError, whose message would
 * carry "MCP error -32602: " in the answer, which an SDK client prefixes again. The SDK's
 * Protocol answers any thrown error with its numeric `code` and `message`, as answer() does.
 */
class UnknownToolError extends Error {
  readonly code = ErrorCode.InvalidParams;
}

function unknownTool(name: string): UnknownToolError {
  return new UnknownToolError(`Unknown tool: ${name}`);
}

/** The JSON-RPC response, as the SDK's Protocol builds it (an exception becomes an internal error). */
async function answer(message: JSONRPCRequest, result: Promise<unknown>): Promise<JSONRPCMessage> {
  try {
    return { jsonrpc: '2.0', id: message.id, result: (await result) as Record<string, unknown> };
  } catch (error) {
    const e = error as { code?: unknown; message?: string };
    return { jsonrpc: '2.0', id: message.id, error: { code: Number.isSafeInteger(e.code) ? (e.code as number) : ErrorCode.InternalError, message: e.message ?? 'Internal error' } };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
