/**
 * Memory under sustained load: `toolgate serve` over the scale pack (1,000 generated tools, auth
 * on, on-disk PGlite state, the sandbox upstream, as `npm run bench -- --scale` runs it) answers
 * tools/call at concurrency 16 on keep-alive connections, with a tools/list every 50 calls, for
 * several rounds; after each round its RSS and peak RSS (VmHWM). Every answer is checked: a
 * JSON-RPC error or an `isError` result stops the run. A gateway that runs for months must level
 * off, not climb.
 *
 *   npx tsx bench/soak.ts            options: --rounds 10 --seconds 4 --tools 1000 --list-every 50
 */
import { Pool } from 'undici';
import { toolgateAuth } from './lib/auth.js';
import { buildBenchProcesses } from './lib/build.js';
import { memoryOf } from './lib/child.js';
import { answers, freePort } from './lib/net.js';
import { numberOption } from './lib/options.js';
import { generatePack } from './scale/generate.js';
import { spawnServe, waitFor } from './scale/run-scale.js';
import { GAINSIGHT_PACK, startUpstream, TOOLGATE_BIN } from './servers/start.js';

const args = process.argv.slice(2);
const ROUNDS = numberOption(args, 'rounds', 10);
const SECONDS = numberOption(args, 'seconds', 4);
const LIST_EVERY = numberOption(args, 'list-every', 50);
const CONCURRENCY = 16;

const built = await buildBenchProcesses();
const upstream = await startUpstream(built.upstream);
const pack = await generatePack(GAINSIGHT_PACK, numberOption(args, 'tools', 1000));
const setup = await toolgateAuth('on').prepare(TOOLGATE_BIN);
const port = await freePort();
const server = await spawnServe(pack.dir, upstream, setup, port);
const pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONCURRENCY });
try {
  await waitFor(() => answers(`http://127.0.0.1:${port}/readyz`), server, 60_000);
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(await setup.headers(`http://127.0.0.1:${port}/v1/ds-mcp/mcp`)) };
  const call = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: pack.readTool, arguments: { name: 'acme' } } });
  const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  const lines = ['| after | calls | RSS MB | peak RSS MB |', '|---|---:|---:|---:|'];
  const row = async (label: string, calls: number) => {
    const { rssMb, peakRssMb } = await memoryOf(server.pid);
    lines.push(`| ${label} | ${calls} | ${rssMb.toFixed(0)} | ${peakRssMb.toFixed(0)} |`);
    process.stderr.write(`${lines.at(-1)}\n`);
  };
  await row('start-up', 0);
  let calls = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const until = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          const listing = LIST_EVERY > 0 && calls % LIST_EVERY === 0;
          calls++;
          const response = await pool.request({ path: '/v1/ds-mcp/mcp', method: 'POST', headers, body: listing ? list : call });
          const text = await response.body.text();
          const message = JSON.parse(text) as { result?: { isError?: boolean }; error?: unknown };
          if (response.statusCode !== 200 || message.error || message.result?.isError) throw new Error(`call ${calls} failed: HTTP ${response.statusCode} ${text.slice(0, 300)}`);
        }
      }),
    );
    await row(`round ${round} (${SECONDS} s)`, calls);
  }
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  await row('5 s idle', calls);
  process.stdout.write(`Memory of toolgate serve over ${pack.tools} tools under tools/call at c=${CONCURRENCY} (a tools/list every ${LIST_EVERY}):\n\n${lines.join('\n')}\n`);
} finally {
  await pool.close();
  await server.stop();
  await setup.close();
  await upstream.child.stop();
}
