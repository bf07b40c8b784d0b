/**
 * The scale run: N generated tools served by one toolgate. Cold start is timed from spawn to the
 * first successful tools/call (the process is polled on a port chosen beforehand, so nothing
 * depends on its log lines); then tools/list latency, `toolgate lint` over the same files, and
 * RSS at rest and under load.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { request } from 'undici';
import { cpuMsOf, memoryOf, runToEnd } from '../lib/child.js';
import { answers, freePort } from '../lib/net.js';
import { median, summarize } from '../lib/stats.js';
import type { LoadResult, LoadSpec } from '../load/load.js';
import { GAINSIGHT_PACK, TOOLGATE_BIN, type Upstream } from '../servers/start.js';
import type { AuthSetup, ToolgateAuth } from '../lib/auth.js';
import { generatePack } from './generate.js';

export interface ScaleConfig {
  tools: number;
  coldStarts: number;
  lintRuns: number;
  listCalls: number;
  load: { warmup: { requests: number; maxMs: number }; measure: { requests: number; maxMs: number } };
  toolgateAuth: ToolgateAuth;
}

export interface ScaleResult {
  tools: number;
  mix: string;
  coldStartMs: number;
  coldStartRuns: number[];
  /** CPU time (all threads) the server had used when the first call succeeded. */
  coldStartCpuMs: number;
  lintMs: number;
  lintRuns: number[];
  listCalls: number;
  listBytes: number;
  listP50Ms: number;
  listP99Ms: number;
  restRssMb: number;
  /** VmRSS right after the load and the tools/list calls. */
  servingRssMb: number;
  /** VmHWM: the highest RSS since the process started (start-up included). */
  peakRssMb: number;
  loadTool: string;
  loadRps: number;
  loadP50Ms: number;
  loadErrors: number;
}

const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' };

export async function runScale(config: ScaleConfig, built: { load: string }, upstream: Upstream, log: (line: string) => void): Promise<ScaleResult> {
  const pack = await generatePack(GAINSIGHT_PACK, config.tools);
  const mix = `${pack.counts.read} reads, ${pack.counts.write} writes, ${pack.counts.composite} composites`;
  log(`scale: generated ${pack.tools} tools (${mix}) in ${pack.dir}`);
  try {
    const lintRuns: number[] = [];
    for (let i = 0; i < config.lintRuns; i++) {
      const { ms, stdout } = await runToEnd({ name: 'toolgate lint', command: process.execPath, args: [TOOLGATE_BIN, 'lint', pack.dir], timeoutMs: 60_000 });
      if (!/ 0 errors/.test(stdout)) throw new Error(`toolgate lint found errors in the generated pack:\n${stdout.slice(-2000)}`);
      lintRuns.push(ms);
    }
    log(`scale: lint ${lintRuns.map((m) => m.toFixed(0)).join(', ')} ms`);

    const callBody = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: pack.readTool, arguments: { name: 'acme' } } });
    const coldStartRuns: number[] = [];
    const coldStartCpu: number[] = [];
    let server: Awaited<ReturnType<typeof spawnServe>> | undefined;
    const setup = await config.toolgateAuth.prepare(TOOLGATE_BIN);
    try {
      // One port for every start, so that the token (its audience is the MCP URL) stays valid: the
      // client signed in once, before the restarts that are measured, as a real client would have.
      const port = await freePort();
      const mcpUrl = `http://127.0.0.1:${port}/v1/ds-mcp/mcp`;
      server = await spawnServe(pack.dir, upstream, setup, port);
      await waitFor(() => answers(`http://127.0.0.1:${port}/readyz`), server, 60_000);
      const headers = await setup.headers(mcpUrl);
      for (let i = 0; i < config.coldStarts; i++) {
        await server.stop();
        server = await spawnServe(pack.dir, upstream, setup, port);
        await waitFor(() => firstCall(mcpUrl, headers, callBody), server, 60_000);
        coldStartRuns.push(performance.now() - server.started);
        coldStartCpu.push(await cpuMsOf(server.pid));
      }
      log(`scale: cold start ${coldStartRuns.map((m) => m.toFixed(0)).join(', ')} ms (CPU ${coldStartCpu.join(', ')} ms)`);
      const s = { pid: server.pid, mcpUrl, headers };
      await new Promise((resolve) => setTimeout(resolve, 500));
      const restRssMb = (await memoryOf(s.pid)).rssMb;

      const listBody = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
      let listBytes = 0;
      // Timed up to the last byte received; decoding and parsing 2 MB is the client's own cost.
      const list = async () => {
        const response = await request(s.mcpUrl, { method: 'POST', headers: { ...MCP_HEADERS, ...s.headers }, body: listBody });
        const bytes = Buffer.from(await response.body.arrayBuffer());
        if (response.statusCode !== 200) throw new Error(`tools/list: HTTP ${response.statusCode}`);
        listBytes = bytes.length;
        return bytes;
      };
      const listed = JSON.parse((await list()).toString('utf8')) as { result?: { tools?: unknown[] } };
      if (listed.result?.tools?.length !== pack.tools) throw new Error(`tools/list gave ${listed.result?.tools?.length} tools, not ${pack.tools}`);
      for (let i = 0; i < 20; i++) await list();
      const samples = new Float64Array(config.listCalls);
      for (let i = 0; i < config.listCalls; i++) {
        const t0 = performance.now();
        await list();
        samples[i] = performance.now() - t0;
      }
      const listLatency = summarize(samples);
      log(`scale: tools/list p50 ${listLatency.p50.toFixed(2)} ms, p99 ${listLatency.p99.toFixed(2)} ms, ${listBytes} bytes`);

      const spec: LoadSpec = {
        protocol: 'mcp',
        style: 'tool',
        scenario: 'read',
        url: s.mcpUrl,
        headers: s.headers,
        context: { companyId: '', runId: 'scale', peerTools: { read: '', write: '' }, toolNames: { read: pack.readTool } },
        concurrency: 16,
        warmup: config.load.warmup,
        measure: config.load.measure,
        seqBase: 0,
      };
      const { stdout } = await runToEnd({ name: 'load generator', command: process.execPath, args: [built.load, JSON.stringify(spec)], timeoutMs: 120_000 });
      const load = JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult;
      for (let i = 0; i < 20; i++) await list();
      const { rssMb: servingRssMb, peakRssMb } = await memoryOf(s.pid);
      log(`scale: under load ${load.rps.toFixed(0)} calls/s, RSS at rest ${restRssMb.toFixed(0)} MB, after the load ${servingRssMb.toFixed(0)} MB, peak ${peakRssMb.toFixed(0)} MB`);
      return {
        tools: pack.tools,
        mix,
        coldStartMs: median(coldStartRuns),
        coldStartRuns,
        coldStartCpuMs: median(coldStartCpu),
        lintMs: median(lintRuns),
        lintRuns,
        listCalls: config.listCalls,
        listBytes,
        listP50Ms: listLatency.p50,
        listP99Ms: listLatency.p99,
        restRssMb,
        servingRssMb,
        peakRssMb,
        loadTool: pack.readTool,
        loadRps: load.rps,
        loadP50Ms: load.latencyMs.p50,
        loadErrors: load.errors,
      };
    } finally {
      await server?.stop();
      await setup.close();
    }
  } finally {
    await rm(path.dirname(pack.dir), { recursive: true, force: true });
  }
}

/** `toolgate serve` from the real build (or another build's `bin`) on a known port; `started` is taken just before the spawn. */
export async function spawnServe(dir: string, upstream: Upstream, setup: AuthSetup, port: number, bin = TOOLGATE_BIN) {
  const started = performance.now();
  const proc = spawn(process.execPath, [bin, 'serve', '--manifests', dir, '--port', String(port), ...setup.serveArgs], {
    env: { ...process.env, GAINSIGHT_BASE_URL: upstream.url, GAINSIGHT_ACCESS_KEY: upstream.accessKey, LOG_LEVEL: 'warn', ...setup.serveEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4000)));
  return {
    started,
    pid: proc.pid!,
    exited: () => (proc.exitCode !== null || proc.signalCode !== null ? `toolgate serve exited (${proc.signalCode ?? proc.exitCode}):\n${stderr}` : undefined),
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Poll every 5 ms until `ready` resolves true; a refused connection just means "not yet". */
export async function waitFor(ready: () => Promise<boolean>, server: { exited(): string | undefined; stop(): Promise<void> }, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const gone = server.exited();
    if (gone) throw new Error(gone);
    try {
      if (await ready()) return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'ECONNREFUSED' && code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') {
        await server.stop();
        throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await server.stop();
  throw new Error(`toolgate serve was not ready within ${timeoutMs} ms`);
}

/** A real tools/call; true once it succeeds, an error if the server answers but the call fails. */
export async function firstCall(mcpUrl: string, headers: Record<string, string>, body: string): Promise<boolean> {
  const response = await request(mcpUrl, { method: 'POST', headers: { ...MCP_HEADERS, ...headers }, body });
  const text = await response.body.text();
  if (response.statusCode === 503) return false;
  if (response.statusCode !== 200 || (JSON.parse(text) as { result?: { isError?: boolean } }).result?.isError) {
    throw new Error(`the first tools/call failed: HTTP ${response.statusCode} ${text.slice(0, 300)}`);
  }
  return true;
}
