/**
 * `npx tsx bench/cold-start-ab.ts --b DIR [--a DIR] [--runs N] [--tools N]`: the scale run's cold
 * start (1,000 generated tools, auth on, on-disk PGlite state, the sandbox upstream: as `npm run
 * bench -- --scale` measures it) for two builds of toolgate, interleaved A, B, A, B…, so that a
 * start-up change is judged against its baseline on the same machine at the same moment.
 *
 * A and B are directories holding a built toolgate (`bin/toolgate.js` and `dist/`), e.g. a git
 * worktree of the commit before the change, built (`git worktree add ../before HEAD~1 && cd
 * ../before && ln -s "$PWD/../main/node_modules" node_modules && npm run build`). A defaults to
 * this checkout. Per run: time to /readyz and to the first successful tools/call, CPU of every
 * thread (user + system, from /proc, sampled every 25 ms so that the manifest check's worker is
 * seen before it ends), split into the main thread, the worker and the rest (V8's background
 * threads: optimising compiler, GC, WebAssembly), and VmHWM at the first call. Then medians.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { toolgateAuth } from './lib/auth.js';
import { buildBenchProcesses } from './lib/build.js';
import { cpuMsOf, memoryOf } from './lib/child.js';
import { answers, freePort } from './lib/net.js';
import { median } from './lib/stats.js';
import { generatePack } from './scale/generate.js';
import { firstCall, spawnServe, waitFor } from './scale/run-scale.js';
import { GAINSIGHT_PACK, startUpstream } from './servers/start.js';

const { values } = parseArgs({ options: { a: { type: 'string' }, b: { type: 'string' }, runs: { type: 'string' }, tools: { type: 'string' } }, strict: true });
if (!values.b) throw new Error('usage: npx tsx bench/cold-start-ab.ts --b DIR [--a DIR] [--runs N] [--tools N]');
const bins = { A: path.resolve(values.a ?? '.', 'bin/toolgate.js'), B: path.resolve(values.b, 'bin/toolgate.js') };
const runs = Number(values.runs ?? 7);

interface Run {
  readyMs: number;
  firstCallMs: number;
  cpuMs: number;
  mainMs: number;
  workerMs: number;
  otherMs: number;
  peakRssMb: number;
}

const built = await buildBenchProcesses();
const upstream = await startUpstream(built.upstream);
const pack = await generatePack(GAINSIGHT_PACK, Number(values.tools ?? 1000));
const setup = await toolgateAuth('on').prepare(bins.A);
const port = await freePort();
const mcpUrl = `http://127.0.0.1:${port}/v1/ds-mcp/mcp`;
const readyUrl = `http://127.0.0.1:${port}/readyz`;
const callBody = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: pack.readTool, arguments: { name: 'acme' } } });

async function coldStart(bin: string, headers: Record<string, string>): Promise<Run> {
  const server = await spawnServe(pack.dir, upstream, setup, port, bin);
  const threads = new Map<string, { cpu: number; last: number }>();
  const sample = async () => {
    try {
      for (const tid of await readdir(`/proc/${server.pid}/task`)) threads.set(tid, { cpu: await cpuMsOf(server.pid, tid), last: performance.now() - server.started });
    } catch {
      // A thread ended between the listing and the read.
    }
  };
  const sampler = setInterval(() => void sample(), 25);
  try {
    await waitFor(() => answers(readyUrl), server, 60_000);
    const readyMs = performance.now() - server.started;
    await waitFor(() => firstCall(mcpUrl, headers, callBody), server, 60_000);
    const firstCallMs = performance.now() - server.started;
    await sample();
    const cpuMs = await cpuMsOf(server.pid);
    const { peakRssMb } = await memoryOf(server.pid);
    // The main thread's id is the process id; the worker is the busiest thread gone before the call.
    const main = threads.get(String(server.pid))?.cpu ?? 0;
    const ended = [...threads.entries()].filter(([tid, t]) => tid !== String(server.pid) && t.last < firstCallMs - 30);
    const worker = Math.max(0, ...ended.map(([, t]) => t.cpu));
    return { readyMs, firstCallMs, cpuMs, mainMs: main, workerMs: worker, otherMs: cpuMs - main - worker, peakRssMb };
  } finally {
    clearInterval(sampler);
    await server.stop();
  }
}

try {
  // Sign in once (the token's audience is the MCP URL, the port fixed for every start).
  const first = await spawnServe(pack.dir, upstream, setup, port, bins.A);
  await waitFor(() => answers(readyUrl), first, 60_000);
  const headers = await setup.headers(mcpUrl);
  await first.stop();
  const results: Record<'A' | 'B', Run[]> = { A: [], B: [] };
  for (let i = 0; i < runs; i++) {
    for (const side of ['A', 'B'] as const) {
      const run = await coldStart(bins[side], headers);
      results[side].push(run);
      process.stderr.write(`${side} ${i}: first call ${run.firstCallMs.toFixed(0)} ms, CPU ${run.cpuMs.toFixed(0)} ms (main ${run.mainMs.toFixed(0)}, worker ${run.workerMs.toFixed(0)}, other ${run.otherMs.toFixed(0)}), peak ${run.peakRssMb.toFixed(0)} MB\n`);
    }
  }
  const lines = ['| build | ready ms | first call ms | CPU ms | main | worker | other | peak RSS MB | first call earlier than A |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const side of ['A', 'B'] as const) {
    const list = results[side];
    const m = (key: keyof Run) => median(list.map((r) => r[key])).toFixed(0);
    const earlier = side === 'B' ? `${list.filter((r, i) => r.firstCallMs < results.A[i]!.firstCallMs).length}/${runs}` : '';
    lines.push(`| ${side}: ${path.dirname(path.dirname(bins[side]))} | ${m('readyMs')} | ${m('firstCallMs')} | ${m('cpuMs')} | ${m('mainMs')} | ${m('workerMs')} | ${m('otherMs')} | ${m('peakRssMb')} | ${earlier} |`);
  }
  process.stdout.write(`Cold start over ${pack.tools} tools, medians of ${runs} interleaved runs:\n\n${lines.join('\n')}\n`);
} finally {
  await setup.close();
  await upstream.child.stop();
  await rm(path.dirname(pack.dir), { recursive: true, force: true });
}
