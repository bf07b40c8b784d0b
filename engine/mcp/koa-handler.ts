import type { Middleware } from 'koa';
import { JSONRPCMessageSchema, SUPPORTED_PROTOCOL_VERSIONS, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Context } from 'koa';
import { JsonRpcHttpError } from '../http/error-middleware.js';
import { isRequest } from './is-request.js';
import type { McpEndpoint } from './server.js';
import { responseBody } from './response-body.js';

declare module 'koa' {
  interface DefaultState {
    /** Set by the bearer-auth middleware when auth is on. */
    authInfo?: AuthInfo;
  }
}

export interface McpHandlerOptions {
  endpoint: McpEndpoint;
  maxBodyBytes: number;
  /**
   * Runs on the parsed messages before any is dispatched, when auth is on: may throw an HTTP
   * error (403 insufficient_scope for a tools/call the token's scopes do not cover).
   */
  authorize?: (messages: readonly JSONRPCMessage[], ctx: Context) => Promise<void>;
}

// JSON-RPC 2.0 §5.1 error codes.
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

/**
 * POST on the MCP endpoint (MCP 2025-06-18, transports §Streamable HTTP), stateless: every POST
 * carries JSON-RPC and is answered with application/json, which the spec allows in place of an
 * SSE stream. Headers are checked before the body is read.
 */
export function mcpPostHandler(options: McpHandlerOptions): Middleware {
  const { endpoint, maxBodyBytes, authorize } = options;
  const { transport } = endpoint;
  return async function handleMcpPost(ctx) {
    const accept = ctx.get('accept');
    // §Sending messages to the server: the client MUST accept both application/json and text/event-stream.
    if (!(accept.includes('application/json') || accept.includes('*/*')) || !(accept.includes('text/event-stream') || accept.includes('*/*'))) {
      throw new JsonRpcHttpError(406, -32000, 'Not Acceptable: the Accept header must list both application/json and text/event-stream.');
    }
    if (!ctx.is('application/json')) {
      throw new JsonRpcHttpError(415, -32000, 'Unsupported Media Type: Content-Type must be application/json.');
    }
    const version = ctx.get('mcp-protocol-version');
    // §Protocol version header: an unsupported version MUST be answered with 400.
    if (version && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
      throw new JsonRpcHttpError(400, -32000, `Bad Request: unsupported MCP-Protocol-Version ${version} (supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}).`);
    }
    const raw = await readBody(ctx.req, maxBodyBytes, Number(ctx.get('content-length') || 0));
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new JsonRpcHttpError(400, PARSE_ERROR, 'Parse error: the body is not valid JSON.');
    }
    const batch = Array.isArray(parsed);
    const items = batch ? (parsed as unknown[]) : [parsed];
    if (items.length === 0) throw new JsonRpcHttpError(400, INVALID_REQUEST, 'Invalid Request: empty batch.');
    const messages: JSONRPCMessage[] = [];
    for (const item of items) {
      const result = JSONRPCMessageSchema.safeParse(item);
      if (!result.success) throw new JsonRpcHttpError(400, INVALID_REQUEST, 'Invalid Request: not a JSON-RPC 2.0 message.');
      messages.push(result.data);
    }
    await authorize?.(messages, ctx);
    const aborted = new AbortController();
    const onClose = () => {
      if (!ctx.res.writableFinished) aborted.abort();
    };
    ctx.res.once('close', onClose);
    const authInfo = ctx.state.authInfo;
    const requestId = ctx.state.requestId;
    const answers = await Promise.all(
      messages.map((m) => (isRequest(m) && endpoint.callDirect(m, { authInfo, requestId })) || transport.dispatch(m, { authInfo, requestId, signal: aborted.signal })),
    );
    ctx.res.off('close', onClose);
    const responses = answers.filter((a): a is JSONRPCMessage => a !== undefined);
    if (!messages.some(isRequest)) {
      // §Sending messages: only notifications or responses → 202 Accepted with no body. The null
      // body comes first: without it Koa would send the status text "Accepted" as the body.
      ctx.body = null;
      ctx.status = 202;
      return;
    }
    ctx.status = 200;
    ctx.type = 'application/json';
    const { body, length } = responseBody(responses, batch);
    ctx.body = body;
    // Set after the body: Koa gives a stream no length, and would send it chunked.
    ctx.length = length;
  };
}

/** Read the body up to a cap; a larger body gets 413 before it is buffered. */
async function readBody(req: NodeJS.ReadableStream & { destroy(): void }, max: number, declared: number): Promise<string> {
  const tooLarge = () => new JsonRpcHttpError(413, -32000, `Payload Too Large: the body must be at most ${max} bytes.`);
  if (declared > max) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}
