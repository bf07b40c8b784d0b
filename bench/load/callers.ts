/**
 * How the load generator reaches each kind of server, over one keep-alive undici Pool, and what
 * it accepts as a correct answer: every call is checked, a wrong answer counts as an error.
 */
import { Client, Pool, type Dispatcher } from 'undici';
import type { PreparedCall } from '../lib/scenarios.js';

export type Protocol = 'http' | 'mcp' | 'mcp-session';

export interface CallerOptions {
  protocol: Protocol;
  /** Full URL: the upstream origin (http) or the MCP endpoint. */
  url: string;
  headers: Record<string, string>;
  connections: number;
}

/** One worker's view: `call` resolves when a correct answer arrived and throws otherwise. */
export interface Worker {
  call(prepared: PreparedCall, id: number): Promise<void>;
  close(): Promise<void>;
}

export interface Caller {
  worker(index: number): Promise<Worker>;
  close(): Promise<void>;
}

const MCP_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2025-06-18',
};

export function createCaller(options: CallerOptions): Caller {
  const url = new URL(options.url);
  const pool = new Pool(url.origin, { connections: options.connections, pipelining: 1 });
  const close = () => pool.close();
  if (options.protocol === 'http') {
    const headers = { 'content-type': 'application/json', accept: 'application/json', ...options.headers };
    return {
      close,
      worker: async () => ({
        async call(prepared) {
          if (prepared.kind !== 'http') throw new Error('the floor sends plain HTTP calls');
          const response = await pool.request({ method: 'POST', path: prepared.path, headers, body: JSON.stringify(prepared.body) });
          const text = await response.body.text();
          if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`);
          if ((JSON.parse(text) as { result?: unknown }).result !== true) throw new Error(`upstream said ${text.slice(0, 200)}`);
        },
        close: async () => {},
      }),
    };
  }
  const headers = { ...MCP_HEADERS, ...options.headers };
  const post = (body: unknown, extra: Record<string, string> = {}) =>
    pool.request({ method: 'POST', path: url.pathname + url.search, headers: { ...headers, ...extra }, body: JSON.stringify(body) });
  if (options.protocol === 'mcp') {
    return {
      close,
      async worker(index) {
        await expectResult(await post(initialize(index * 1e7)), index * 1e7);
        return {
          async call(prepared, id) {
            await expectToolResult(await expectResult(await post(toolsCall(prepared, id)), id));
          },
          close: async () => {},
        };
      },
    };
  }
  return { close, worker: (index) => sessionWorker(url, headers, post, index) };
}

function initialize(id: number) {
  return { jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'toolgate-bench', version: '1.0.0' } } };
}

function toolsCall(prepared: PreparedCall, id: number) {
  if (prepared.kind !== 'tool') throw new Error('MCP servers get tool calls');
  return { jsonrpc: '2.0', id, method: 'tools/call', params: { name: prepared.name, arguments: prepared.arguments } };
}

/** A JSON-RPC response from a JSON body or from an SSE stream that ends after it (stateless SDK servers). */
async function expectResult(response: Dispatcher.ResponseData, id: number): Promise<unknown> {
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`);
  const type = String(response.headers['content-type'] ?? '');
  const messages = type.startsWith('text/event-stream') ? sseMessages(text) : [JSON.parse(text) as unknown];
  const answer = messages.find((m) => (m as { id?: unknown }).id === id) as { result?: unknown; error?: unknown } | undefined;
  if (!answer) throw new Error(`no response with id ${id} in ${text.slice(0, 200)}`);
  if (answer.error !== undefined) throw new Error(`JSON-RPC error ${JSON.stringify(answer.error).slice(0, 200)}`);
  return answer.result;
}

function expectToolResult(result: unknown): void {
  const r = result as { isError?: boolean; content?: Array<{ text?: string }> } | undefined;
  if (!r || !Array.isArray(r.content)) throw new Error(`not a tool result: ${JSON.stringify(result).slice(0, 200)}`);
  if (r.isError) throw new Error(`tool error: ${r.content[0]?.text?.slice(0, 300) ?? ''}`);
}

function sseMessages(text: string): unknown[] {
  const out: unknown[] = [];
  for (const event of text.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (data) out.push(JSON.parse(data));
  }
  return out;
}

/**
 * A session-based Streamable HTTP server of the 2025-03-26 kind (the peer): initialize gives a
 * session id, a POSTed request is answered 202 and its response arrives on the session's GET
 * stream. Latency is measured from the POST to the response event.
 */
async function sessionWorker(
  url: URL,
  headers: Record<string, string>,
  post: (body: unknown, extra?: Record<string, string>) => Promise<Dispatcher.ResponseData>,
  index: number,
): Promise<Worker> {
  const initId = index * 1e7;
  const init = await post(initialize(initId));
  const sessionId = String(init.headers['mcp-session-id'] ?? '');
  await expectResult(init, initId);
  if (!sessionId) throw new Error('the server gave no Mcp-Session-Id');
  const session = { 'mcp-session-id': sessionId };
  const note = await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, session);
  await note.body.dump();
  const waiting = new Map<number, { resolve(message: unknown): void; reject(error: Error): void }>();
  const wait = (id: number) => new Promise<unknown>((resolve, reject) => waiting.set(id, { resolve, reject }));
  const failAll = (error: Error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  // The server sends no byte on the GET stream until it has a message, so its response headers
  // arrive only with the first event: the stream is read as soon as they do, without waiting here.
  const streamClient = new Client(url.origin);
  const stream = streamClient.request({ method: 'GET', path: url.pathname, headers: { ...headers, accept: 'text/event-stream', ...session } });
  void stream.then(
    (response) => {
      if (response.statusCode !== 200) return failAll(new Error(`GET stream: HTTP ${response.statusCode}`));
      let buffer = '';
      response.body.setEncoding('utf8');
      response.body.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end + 2);
          buffer = buffer.slice(end + 2);
          for (const message of sseMessages(event)) {
            const id = (message as { id?: number }).id;
            const waiter = id === undefined ? undefined : waiting.get(id);
            if (!waiter) continue;
            waiting.delete(id!);
            waiter.resolve(message);
          }
        }
      });
      response.body.on('error', failAll);
    },
    (error: Error) => failAll(error),
  );
  // A response sent before the server has registered the GET stream is dropped, so pings go out
  // until one comes back on the stream: from then on every answer has somewhere to go.
  let open = false;
  for (let attempt = 0; attempt < 100 && !open; attempt++) {
    const id = initId + 9_000_000 + attempt;
    const answered = wait(id);
    const ping = await post({ jsonrpc: '2.0', id, method: 'ping' }, session);
    await ping.body.dump();
    open = await Promise.race([answered.then(() => true, () => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 100))]);
    waiting.delete(id);
  }
  if (!open) throw new Error('the session stream never delivered an answer');
  return {
    async call(prepared, id) {
      const answered = wait(id);
      const response = await post(toolsCall(prepared, id), session);
      const text = await response.body.text();
      if (response.statusCode !== 202) {
        waiting.delete(id);
        throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`);
      }
      const message = (await answered) as { result?: unknown; error?: unknown };
      if (message.error !== undefined) throw new Error(`JSON-RPC error ${JSON.stringify(message.error).slice(0, 200)}`);
      expectToolResult(message.result);
    },
    async close() {
      await streamClient.destroy();
    },
  };
}
