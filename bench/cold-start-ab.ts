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
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { toolgateAuth } from './lib/auth.js';
import { buildBenchProcesses } from './lib/build.js';
import { freePort } from './lib/net.js';
import { median } from './lib/stats.js';
import { generatePack } from './scale/generate.js';
import { GAINSIGHT_PACK, startUpstream } from './servers/start.js';

const { values } = parseArgs({ options: { a: { type: 'string' }, b: { type: 'string' }, runs: { type: 'string' }, tools: { type: 'string' } }, strict: true });
if (!values.b) throw new Error('usage: npx tsx bench/cold-start-ab.ts --b DIR [--a DIR] [--runs N] [--tools N]');
const bins = { A: path.resolve(values.a ?? '.', 'bin/toolgate.js'), B: path.resolve(values.b, 'bin/toolgate.js') };
const runs = Number(values.runs ?? 7);
const TICK_MS = 1000 / 100; // /proc/<pid>/stat counts clock ticks of 1/100 s (USER_HZ) on Linux

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
const callBody = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: pack.readTool, arguments: { name: 'acme' } } });

const serve = (bin: string): ChildProcess =>
  spawn(process.execPath, [bin, 'serve', '--manifests', pack.dir, '--port', String(port), ...setup.serveArgs], {
    env: { ...process.env, GAINSIGHT_BASE_URL: upstream.url, GAINSIGHT_ACCESS_KEY: upstream.accessKey, LOG_LEVEL: 'warn', ...setup.serveEnv },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
const stop = async (proc: ChildProcess) => {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGKILL');
  await exited;
};
const ready = async () => {
  try {
    const response = await request(`http://127.0.0.1:${port}/readyz`);
    await response.body.dump();
    return response.statusCode === 200;
  } catch {
    return false;
  }
};
const ticks = (stat: string) => {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
};

async function coldStart(bin: string, headers: Record<string, string>): Promise<Run> {
  const started = performance.now();
  const proc = serve(bin);
  const threads = new Map<string, { cpu: number; last: number }>();
  const sample = async () => {
    try {
      for (const tid of await readdir(`/proc/${proc.pid}/task`)) {
        const cpu = ticks(await readFile(`/proc/${proc.pid}/task/${tid}/stat`, 'utf8'));
        threads.set(tid, { cpu, last: performance.now() - started });
      }
    } catch {
      // A thread ended between the listing and the read.
    }
  };
  const sampler = setInterval(() => void sample(), 25);
  try {
    let readyMs = 0;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`toolgate serve (${bin}) exited with ${proc.exitCode}`);
      if (!readyMs && (await ready())) readyMs = performance.now() - started;
      if (readyMs) {
        const response = await request(mcpUrl, { method: 'POST', headers, body: callBody });
        const text = await response.body.text();
        if (response.statusCode === 200 && !(JSON.parse(text) as { result?: { isError?: boolean } }).result?.isError) break;
        if (response.statusCode !== 503) throw new Error(`the first tools/call failed: HTTP ${response.statusCode} ${text.slice(0, 300)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const firstCallMs = performance.now() - started;
    await sample();
    const cpuMs = ticks(await readFile(`/proc/${proc.pid}/stat`, 'utf8'));
    const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(await readFile(`/proc/${proc.pid}/status`, 'utf8'))![1]) / 1024;
    // The main thread's id is the process id; the worker is the busiest thread gone before the call.
    const main = threads.get(String(proc.pid))?.cpu ?? 0;
    const ended = [...threads.entries()].filter(([tid, t]) => tid !== String(proc.pid) && t.last < firstCallMs - 30);
    const worker = Math.max(0, ...ended.map(([, t]) => t.cpu));
    return { readyMs, firstCallMs, cpuMs, mainMs: main, workerMs: worker, otherMs: cpuMs - main - worker, peakRssMb };
  } finally {
    clearInterval(sampler);
    await stop(proc);
  }
}

try {
  // Sign in once (the token's audience is the MCP URL, the port fixed for every start).
  const first = serve(bins.A);
  while (!(await ready())) await new Promise((resolve) => setTimeout(resolve, 20));
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18', ...(await setup.headers(mcpUrl)) };
  await stop(first);
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
