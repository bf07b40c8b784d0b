import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_HEADERS, postMcp, rawRequest } from '../support/raw-http.js';
import { call, startNotesStack, type NotesStack } from '../support/stack.js';

// The Streamable HTTP endpoint seen with a plain HTTP client (MCP 2025-06-18, transports
// §Streamable HTTP): methods, headers, body limits, JSON-RPC framing, Host/Origin checks.

const MAX_BODY = 4096;
const INSPECTOR = 'https://inspector.example';

let stack: NotesStack;
let url: string;
let host: string;

beforeAll(async () => {
  stack = await startNotesStack({ maxBodyBytes: MAX_BODY, allowedOrigins: [INSPECTOR] });
  url = stack.mcpUrl;
  host = new URL(url).host;
});
afterAll(() => stack?.close());

const list = (id: unknown = 1) => ({ jsonrpc: '2.0', id, method: 'tools/list' });
const getNote = (id: unknown, noteId: string) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'get_note', arguments: { id: noteId } } });

interface RpcError {
  jsonrpc: string;
  id: unknown;
  error: { code: number; message: string };
}

describe('methods', () => {
  it.each(['GET', 'DELETE', 'PUT', 'PATCH'])('%s on the MCP path → 405 with Allow: POST', async (method) => {
    const res = await rawRequest(url, { method, headers: { accept: 'application/json, text/event-stream', host } });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });

  it('an unknown path is 404', async () => {
    const res = await postMcp(url.replace('/mcp', '/nope'), list());
    expect(res.status).toBe(404);
  });
});

describe('headers checked before the body is read', () => {
  it.each([
    ['Accept without text/event-stream', 406, { accept: 'application/json' }],
    ['Accept without application/json', 406, { accept: 'text/event-stream' }],
    ['Accept text/html', 406, { accept: 'text/html' }],
    ['no Accept', 406, { accept: '' }],
    ['no Content-Type', 415, { 'content-type': '' }],
    ['Content-Type text/plain', 415, { 'content-type': 'text/plain' }],
    ['Content-Type form', 415, { 'content-type': 'application/x-www-form-urlencoded' }],
    ['unsupported MCP-Protocol-Version', 400, { 'mcp-protocol-version': '1999-01-01' }],
    ['malformed MCP-Protocol-Version', 400, { 'mcp-protocol-version': 'latest' }],
  ])('%s → %i, as a JSON-RPC error', async (_, status, headers) => {
    const res = await postMcp(url, list(), headers);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32000, message: expect.any(String) } });
  });

  it.each([
    ['both types', { accept: 'application/json, text/event-stream' }],
    ['*/*', { accept: '*/*' }],
    ['no MCP-Protocol-Version (assumed 2025-03-26)', { 'mcp-protocol-version': '' }],
    ['MCP-Protocol-Version 2025-03-26', { 'mcp-protocol-version': '2025-03-26' }],
    ['Content-Type with charset', { 'content-type': 'application/json; charset=utf-8' }],
  ])('accepted: %s', async (_, headers) => {
    const sent = Object.fromEntries(Object.entries({ ...MCP_HEADERS, host, ...headers }).filter(([, v]) => v !== ''));
    const res = await rawRequest(url, { body: list(), headers: sent });
    expect(res.status).toBe(200);
    expect((res.json as { result: { tools: unknown[] } }).result.tools.length).toBeGreaterThan(0);
  });
});

describe('answers', () => {
  // tools/list is sent from its bytes encoded once (engine/mcp/response-body.ts), as a stream of
  // buffers: it must still go out with its length, not chunked.
  it('tools/list comes with a Content-Length that is its size', async () => {
    const res = await rawRequest(url, { body: list(), headers: { ...MCP_HEADERS, host } });
    expect(res.status).toBe(200);
    expect(res.headers['transfer-encoding']).toBeUndefined();
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
    expect(res.json).toMatchObject({ jsonrpc: '2.0', id: 1, result: { tools: expect.any(Array) } });
  });
});

describe('body', () => {
  const big = { ...list(), params: { _meta: { padding: 'x'.repeat(MAX_BODY) } } };

  it('a body over the cap, declared in Content-Length → 413', async () => {
    const res = await postMcp(url, big);
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ error: { code: -32000, message: expect.stringContaining(`at most ${MAX_BODY} bytes`) } });
  });

  it('a body of exactly the cap is read', async () => {
    const base = JSON.stringify({ ...list(), params: { _meta: { padding: '' } } });
    const exact = { ...list(), params: { _meta: { padding: 'x'.repeat(MAX_BODY - base.length) } } };
    expect(JSON.stringify(exact).length).toBe(MAX_BODY);
    expect((await postMcp(url, exact)).status).toBe(200);
  });

  it('a chunked body over the cap → 413', async () => {
    const res = await rawRequest(url, { body: big, chunked: true, headers: { ...MCP_HEADERS, host } });
    expect(res.status).toBe(413);
  });

  it.each([
    ['invalid JSON', 400, -32700, '{"jsonrpc": "2.0", "id": 1, "method": '],
    ['empty body', 400, -32700, ''],
    ['JSON that is not JSON-RPC', 400, -32600, { hello: 'world' }],
    ['JSON-RPC 1.0', 400, -32600, { id: 1, method: 'tools/list' }],
    ['an empty batch', 400, -32600, []],
    ['a batch with one bad item', 400, -32600, [list(1), { hello: 'world' }]],
  ])('%s → %i with JSON-RPC %i', async (_, status, code, body) => {
    const res = await postMcp(url, body);
    expect(res.status).toBe(status);
    expect((res.json as RpcError).error.code).toBe(code);
    expect((res.json as RpcError).id).toBeNull();
  });
});

describe('JSON-RPC', () => {
  it.each([
    ['a notification', { jsonrpc: '2.0', method: 'notifications/initialized' }],
    ['a batch of notifications', [{ jsonrpc: '2.0', method: 'notifications/initialized' }, { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 99 } }]],
    ['a response from the client', { jsonrpc: '2.0', id: 5, result: {} }],
  ])('%s only → 202 with an empty body', async (_, body) => {
    const res = await postMcp(url, body);
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    expect(res.headers['content-length']).toBe('0');
  });

  it('server/discover (sent first by 2026-07-28 clients) → -32601 method not found, so the client falls back to initialize', async () => {
    const res = await postMcp(
      url,
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'server/discover',
        params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'future', version: '1' } } },
      },
      { 'mcp-protocol-version': '' },
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ jsonrpc: '2.0', id: 1, error: { code: -32601, message: expect.stringMatching(/method not found/i) } });
  });

  it('an unknown method → -32601 with the client\'s id', async () => {
    const res = await postMcp(url, { jsonrpc: '2.0', id: 'req-7', method: 'resources/list' });
    expect(res.json).toMatchObject({ id: 'req-7', error: { code: -32601 } });
  });

  it('a batch is answered with an array of the requests\' responses, in order', async () => {
    const res = await postMcp(url, [list('a'), { jsonrpc: '2.0', method: 'notifications/initialized' }, getNote('b', 'n-3'), { jsonrpc: '2.0', id: 'c', method: 'ping' }]);
    expect(res.status).toBe(200);
    const answers = res.json as Array<{ id: string; result: Record<string, unknown> }>;
    expect(answers.map((a) => a.id)).toEqual(['a', 'b', 'c']);
    expect((answers[0]!.result.tools as unknown[]).length).toBe(6);
    expect(answers[1]!.result.structuredContent).toMatchObject({ id: 'n-3', title: 'Groceries' });
    expect(answers[2]!.result).toEqual({});
  });

  it('concurrent requests that reuse JSON-RPC id 1 each get their own answer', async () => {
    const notes = ['n-1', 'n-2', 'n-3'];
    const requests = Array.from({ length: 30 }, (_, i) => notes[i % notes.length]!);
    const answers = await Promise.all(requests.map((noteId) => postMcp(url, getNote(1, noteId))));
    answers.forEach((res, i) => {
      expect(res.status).toBe(200);
      const body = res.json as { id: unknown; result: { structuredContent: { id: string } } };
      expect(body.id).toBe(1);
      expect(body.result.structuredContent.id).toBe(requests[i]);
    });
  });

  it('two SDK clients (whose request ids both start at 0) get their own answers', async () => {
    const [a, b] = await Promise.all([stack.connect(), stack.connect()]);
    const rounds = await Promise.all([0, 1, 2, 3, 4].flatMap(() => [call(a!, 'get_note', { id: 'n-1' }), call(b!, 'get_note', { id: 'n-3' })]));
    rounds.forEach((result, i) => expect(result.structuredContent).toMatchObject({ id: i % 2 === 0 ? 'n-1' : 'n-3' }));
  });
});

describe('DNS-rebinding protection', () => {
  it.each([
    ['another name', 'evil.example'],
    ['another name on the right port', () => `evil.example:${new URL(url).port}`],
    ['the right name on another port', () => `127.0.0.1:${Number(new URL(url).port) + 1}`],
  ])('Host: %s → 403', async (_, value) => {
    const res = await postMcp(url, list(), { host: typeof value === 'function' ? value() : value });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ error: { message: expect.stringContaining('Forbidden: Host') } });
  });

  it.each([
    ['127.0.0.1', () => host],
    ['localhost', () => `localhost:${new URL(url).port}`],
    ['LOCALHOST (case-insensitive)', () => `LOCALHOST:${new URL(url).port}`],
  ])('Host: %s is served', async (_, value) => {
    expect((await postMcp(url, list(), { host: value() })).status).toBe(200);
  });

  it.each([
    ['another site', 'http://evil.example'],
    ['a page on another local port', () => `http://127.0.0.1:${Number(new URL(url).port) + 1}`],
    ['https on our own host and port', () => `https://${host}`],
    ['null (a sandboxed page)', 'null'],
  ])('Origin: %s → 403', async (_, value) => {
    const res = await postMcp(url, list(), { origin: typeof value === 'function' ? value() : value });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ error: { message: expect.stringContaining('Forbidden: Origin') } });
  });

  it.each([
    ['our own origin', () => `http://${host}`],
    ['an allowed origin', () => INSPECTOR],
  ])('Origin: %s is served', async (_, value) => {
    expect((await postMcp(url, list(), { origin: value() })).status).toBe(200);
  });

  it('the checks also cover GET (405 only for an acceptable Host)', async () => {
    expect((await rawRequest(url, { method: 'GET', headers: { host: 'evil.example' } })).status).toBe(403);
  });
});

describe('health and request ids', () => {
  it.each([
    ['/healthz', { status: 'ok' }],
    ['/readyz', { status: 'ready' }],
  ])('%s → 200', async (path, body) => {
    const res = await rawRequest(new URL(path, url).href, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(body);
  });

  it('echoes a sane X-Request-Id', async () => {
    const res = await postMcp(url, list(), { 'x-request-id': 'client-req-0001' });
    expect(res.headers['x-request-id']).toBe('client-req-0001');
  });

  it.each([
    ['absent', undefined],
    ['unsafe characters', 'bad id <script>'],
    ['too short', 'abc'],
    ['too long', 'a'.repeat(200)],
  ])('makes up a UUID when the X-Request-Id is %s', async (_, value) => {
    const res = await postMcp(url, list(), value === undefined ? {} : { 'x-request-id': value });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('error answers carry the request id too', async () => {
    const res = await postMcp(url, 'not json', { 'x-request-id': 'client-req-0002' });
    expect(res.status).toBe(400);
    expect(res.headers['x-request-id']).toBe('client-req-0002');
  });
});
