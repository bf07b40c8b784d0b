import { createServer } from 'node:net';
import { request } from 'undici';

/** A loopback port that was free a moment ago, for servers that cannot report the one they got. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function answers(url: string): Promise<boolean> {
  const response = await request(url, { method: 'GET' });
  await response.body.dump();
  return response.statusCode === 200;
}

/** POST JSON and parse the JSON answer (SSE-framed answers are unwrapped). */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; json: unknown }> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  const data = String(response.headers['content-type'] ?? '').startsWith('text/event-stream') ? (/^data: ?(.*)$/m.exec(text)?.[1] ?? '') : text;
  let json: unknown;
  try {
    json = data ? JSON.parse(data) : undefined;
  } catch {
    json = text;
  }
  return { status: response.statusCode, headers: response.headers, json };
}
