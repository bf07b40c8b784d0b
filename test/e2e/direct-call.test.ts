import type { JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../engine/log.js';
import { createMcpEndpoint, type McpEndpoint } from '../../engine/mcp/server.js';
import { startNotesStack, type NotesStack } from '../support/stack.js';

// tools/call is answered without the SDK's request machinery when it is a plain call, of a known
// tool or of an unknown one (engine/mcp/server.ts, directCall). It must answer exactly as the SDK's Server would, and
// leave everything else to the SDK.

let stack: NotesStack;
let endpoint: McpEndpoint;

beforeAll(async () => {
  stack = await startNotesStack();
  endpoint = await createMcpEndpoint(stack.server.registry.services[0]!, silentLogger());
});
afterAll(async () => {
  await endpoint?.close();
  await stack?.close();
});

const request = (params: unknown, id: string | number = 7): JSONRPCRequest => ({ jsonrpc: '2.0', id, method: 'tools/call', params: params as JSONRPCRequest['params'] });
const viaSdk = (m: JSONRPCRequest) => endpoint.transport.dispatch(m, { requestId: 'req-1' });

describe('a plain tools/call of a known tool', () => {
  it.each<[string, unknown]>([
    ['a read', { name: 'get_note', arguments: { id: 'n-3' } }],
    ['a read with a string id', { name: 'list_notes', arguments: {} }],
    ['no arguments at all', { name: 'list_notes' }],
    ['a progress token', { name: 'get_note', arguments: { id: 'n-3' }, _meta: { progressToken: 'p-1' } }],
    ['an upstream 404', { name: 'get_note', arguments: { id: 'n-missing' } }],
    ['arguments the input schema refuses', { name: 'get_note', arguments: { id: 3, extra: true } }],
    ['a write the policy refuses', { name: 'create_note', arguments: {} }],
  ])('is answered directly, as the SDK answers it: %s', async (_case, params) => {
    const message = request(params, typeof params === 'object' && (params as { name: string }).name === 'list_notes' ? 'abc' : 7);
    const direct = endpoint.callDirect(message, { requestId: 'req-1' });
    expect(direct).toBeDefined();
    expect(await direct).toEqual(await viaSdk(message));
  });
});

describe('a plain tools/call of an unknown tool', () => {
  it.each<[string, unknown]>([
    ['with arguments', { name: 'drop_everything', arguments: {} }],
    ['without arguments', { name: 'delete_note' }],
    ['an empty name', { name: '' }],
  ])('gets the same invalid-params error as through the SDK, directly: %s', async (_case, params) => {
    const message = request(params);
    const direct = endpoint.callDirect(message, { requestId: 'req-1' });
    expect(direct).toBeDefined();
    const answer = await direct;
    expect(answer).toEqual(await viaSdk(message));
    // The spec's own example (tools §Error handling), with no "MCP error -32602: " in the message.
    expect(answer).toEqual({ jsonrpc: '2.0', id: 7, error: { code: -32602, message: `Unknown tool: ${(params as { name: string }).name}` } });
  });
});

describe('anything else', () => {
  it.each<[string, unknown]>([
    ['arguments that are not an object', { name: 'get_note', arguments: ['n-3'] }],
    ['no name', { arguments: {} }],
    ['a task-augmented call', { name: 'get_note', arguments: { id: 'n-3' }, task: { ttl: 1000 } }],
  ])('is left to the SDK: %s', async (_case, params) => {
    const message = request(params);
    expect(endpoint.callDirect(message, { requestId: 'req-1' })).toBeUndefined();
    const answer = await viaSdk(message);
    expect(answer).toMatchObject({ jsonrpc: '2.0', id: 7 });
  });

  // These never reach a handler: the HTTP layer refuses them as invalid JSON-RPC (koa-handler.ts).
  it.each<[string, unknown]>([
    ['params that are not an object', 'get_note'],
    ['a progress token of the wrong type', { name: 'get_note', arguments: { id: 'n-3' }, _meta: { progressToken: { x: 1 } } }],
  ])('is not answered directly: %s', (_case, params) => {
    expect(endpoint.callDirect(request(params), { requestId: 'req-1' })).toBeUndefined();
  });

  it('leaves other methods to the SDK', () => {
    expect(endpoint.callDirect({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { requestId: 'req-1' })).toBeUndefined();
    expect(endpoint.callDirect({ jsonrpc: '2.0', id: 1, method: 'ping' }, { requestId: 'req-1' })).toBeUndefined();
  });
});
