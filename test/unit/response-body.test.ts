import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { encodeOnce, responseBody } from '../../engine/mcp/response-body.js';

// A result encoded once (the tools/list answer) is spliced into the response as bytes; the body
// must be the same JSON as serializing the whole message, for single responses and batches.

const list = encodeOnce({ tools: [{ name: 'get_note', title: 'Ünïcödé ✓', inputSchema: { type: 'object' } }] });
const other = { content: [{ type: 'text', text: 'x' }] };

describe('responseBody', () => {
  it.each<[string, JSONRPCMessage[], boolean]>([
    ['an encoded result', [{ jsonrpc: '2.0', id: 7, result: list }], false],
    ['a string id', [{ jsonrpc: '2.0', id: 'a"b', result: list }], false],
    ['a result serialized on the spot', [{ jsonrpc: '2.0', id: 1, result: other }], false],
    ['an error', [{ jsonrpc: '2.0', id: 2, error: { code: -32602, message: 'Unknown tool' } }], false],
    ['a batch of both kinds', [{ jsonrpc: '2.0', id: 1, result: list }, { jsonrpc: '2.0', id: 2, result: other }], true],
    ['an empty batch answer', [], true],
  ])('%s', (_name, responses, batch) => {
    const body = responseBody(responses, batch).toString('utf8');
    expect(JSON.parse(body)).toEqual(batch ? responses : responses[0]);
  });

  it('copies the encoded bytes: a later change to the object is not seen (it must not change)', () => {
    const result = encodeOnce({ tools: [] as unknown[] });
    result.tools.push('late');
    expect(JSON.parse(responseBody([{ jsonrpc: '2.0', id: 1, result }], false).toString('utf8')).result).toEqual({ tools: [] });
  });
});
