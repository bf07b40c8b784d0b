/**
 * The hop: a plain Node HTTP server that passes each request to the upstream through a keep-alive
 * undici Pool and returns its answer, with no MCP, no checks and no mapping. Every gateway adds at
 * least this one loopback HTTP exchange to the floor; on a shared 2-core machine that exchange
 * (two socket writes and reads, HTTP parsing on both sides) is itself a large part of a gateway's
 * latency, so this row is the lower bound the other rows should be read against.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { announceReady, stopOnSignal } from '../lib/ready.js';

const upstreamUrl = process.env.BENCH_UPSTREAM_URL;
if (!upstreamUrl) throw new Error('BENCH_UPSTREAM_URL is required');
const pool = new Pool(upstreamUrl, { connections: 64 });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const name of ['content-type', 'accesskey']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    pool
      .request({ method: req.method as 'POST', path: req.url ?? '/', headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
      .then(async (upstream) => {
        const body = Buffer.from(await upstream.body.arrayBuffer());
        res.writeHead(upstream.statusCode, { 'content-type': 'application/json', 'content-length': body.length });
        res.end(body);
      })
      .catch(() => {
        res.writeHead(502).end();
      });
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  announceReady({ url: `http://127.0.0.1:${port}` });
});
stopOnSignal(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await pool.close();
});
