import type { JSONRPCMessage, JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';

/**
 * A message already parsed by JSONRPCMessageSchema (koa-handler.ts) is a request when it has both
 * a method and an id (JSON-RPC 2.0 §4). The SDK's isJSONRPCRequest would run a second zod parse of
 * every message on the hot path.
 */
export function isRequest(message: JSONRPCMessage): message is JSONRPCRequest {
  return 'method' in message && 'id' in message;
}
