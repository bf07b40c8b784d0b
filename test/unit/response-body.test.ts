import { Readable } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { encodeOnce, responseBody, responseChunks } from '../../engine/mcp/response-body.js';

// A result encoded once (the tools/list answer) is spliced into the response as bytes; the body
// must be the same JSON as serializing the whole message, for single responses and batches.

const list = encodeOnce({ tools: [{ name: 'get_note', title: 'Ünïcödé ✓', inputSchema: { type: 'object' } }] });
const other = { content: [{ type: 'text', text: 'x' }] };

async function bytesOf({ body, length }: ReturnType<typeof responseBody>): Promise<Buffer> {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.concat(await body.toArray());
  expect(bytes.length).toBe(length);
  return bytes;
}

describe('responseBody', () => {
  it.each<[string, JSONRPCMessage[], boolean]>([
    ['an encoded result', [{ jsonrpc: '2.0', id: 7, result: list }], false],
    ['a string id', [{ jsonrpc: '2.0', id: 'a"b', result: list }], false],
    ['a result serialized on the spot', [{ jsonrpc: '2.0', id: 1, result: other }], false],
    ['an error', [{ jsonrpc: '2.0', id: 2, error: { code: -32602, message: 'Unknown tool' } }], false],
    ['a batch of both kinds', [{ jsonrpc: '2.0', id: 1, result: list }, { jsonrpc: '2.0', id: 2, result: other }], true],
    ['an empty batch answer', [], true],
  ])('%s', async (_name, responses, batch) => {
    const body = (await bytesOf(responseBody(responses, batch))).toString('utf8');
    expect(JSON.parse(body)).toEqual(batch ? responses : responses[0]);
  });

  it('copies the encoded bytes: a later change to the object is not seen (it must not change)', async () => {
    const result = encodeOnce({ tools: [] as unknown[] });
    result.tools.push('late');
    expect(JSON.parse((await bytesOf(responseBody([{ jsonrpc: '2.0', id: 1, result }], false))).toString('utf8')).result).toEqual({ tools: [] });
  });

  it('sends an encoded result from its one buffer, not from a copy made per response', () => {
    const first = responseChunks([{ jsonrpc: '2.0', id: 1, result: list }], false);
    const second = responseChunks([{ jsonrpc: '2.0', id: 2, result: list }], false);
    expect(first[1]).toBe(second[1]);
    expect(responseBody([{ jsonrpc: '2.0', id: 1, result: list }], false).body).toBeInstanceOf(Readable);
  });

  it('sends a result serialized on the spot as one buffer', () => {
    expect(Buffer.isBuffer(responseBody([{ jsonrpc: '2.0', id: 1, result: other }], false).body)).toBe(true);
  });
});
