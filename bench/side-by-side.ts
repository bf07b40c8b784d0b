/**
 * The side-by-side run: one upstream, the floor, the bare-SDK baseline, toolgate and the peer,
 * each server in its own process, all loaded by a separate load-generator process. Rounds are
 * interleaved (every row once per round, in a rotating order) so that noise from other work on
 * the machine spreads over all rows; medians over the rounds are what the report quotes.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AuthSetup, ToolgateAuth } from './lib/auth.js';
import { runToEnd, type Child } from './lib/child.js';
import { postJson } from './lib/net.js';
import type { CallStyle, Scenario, ScenarioContext } from './lib/scenarios.js';
import { median } from './lib/stats.js';
import { QUERY_COMPANY_PATH, resolveCompanyBody } from './lib/upstream-calls.js';
import type { LoadResult, LoadSpec } from './load/load.js';
import type { Protocol } from './load/callers.js';
import { PEER_TOOLS, startBaseline, startHop, startPeer, startToolgate, TOOLGATE_BIN, type Upstream } from './servers/start.js';

export type RowId = 'floor' | 'hop' | 'baseline' | 'toolgate' | 'peer' | 'toolgate-b';

export interface Bounds {
  requests: number;
  maxMs: number;
}

export interface SideBySideConfig {
  rounds: number;
  concurrencies: readonly number[];
  scenarios: readonly Scenario[];
  rows: readonly RowId[];
  warmup: Bounds;
  measure: Bounds;
  /** How toolgate is reached: its gateway state, serve arguments and the headers each call carries. */
  toolgateAuth: ToolgateAuth;
  /** A second toolgate row from another build (its dist/ directory), for before/after of an engine change. */
  abDist?: string;
  /** The second row's auth, when it differs (e.g. auth off, to see what auth costs). */
  abAuth?: ToolgateAuth;
}

interface Row {
  id: RowId;
  label: string;
  protocol: Protocol;
  style: CallStyle;
  url: string;
  headers: Record<string, string>;
  child?: Child;
  /** Scenarios this row cannot run, with the reason. */
  skip: Partial<Record<Scenario, string>>;
}

export interface Round extends LoadResult {
  /** CPU time of the row's server (none for the floor) and of the upstream, per call, in µs. */
  serverCpuUs: number;
  upstreamCpuUs: number;
}

export interface Cell {
  row: RowId;
  scenario: Scenario;
  concurrency: number;
  rounds: Round[];
  median: { rps: number; p50: number; p99: number; serverCpuUs: number; upstreamCpuUs: number };
  errors: number;
  firstError?: string;
  skipped?: string;
}

export interface SideBySideResult {
  rows: Array<{ id: RowId; label: string; restRssMb?: number; peakRssMb?: number }>;
  cells: Cell[];
  upstream: { peakRssMb: number };
}

export async function runSideBySide(config: SideBySideConfig, built: { baseline: string; hop: string; load: string }, upstream: Upstream, log: (line: string) => void): Promise<SideBySideResult> {
  const context: ScenarioContext = { companyId: await someCompanyId(upstream), runId: Date.now().toString(36), peerTools: PEER_TOOLS };
  const rows: Row[] = [];
  const setups: AuthSetup[] = [];
  try {
    const wanted = new Set(config.rows);
    if (wanted.has('floor')) rows.push({ id: 'floor', label: 'floor (undici → upstream)', protocol: 'http', style: 'upstream', url: upstream.url, headers: { accesskey: upstream.accessKey }, skip: {} });
    if (wanted.has('hop')) {
      const hop = await startHop(built.hop, upstream);
      rows.push({ id: 'hop', label: 'hop (node:http → undici → upstream, no MCP)', protocol: 'http', style: 'upstream', url: String(hop.facts.url), headers: { accesskey: upstream.accessKey }, child: hop, skip: {} });
    }
    if (wanted.has('baseline')) {
      const baseline = await startBaseline(built.baseline, upstream);
      rows.push({ id: 'baseline', label: 'baseline (bare SDK, stateless)', protocol: 'mcp', style: 'tool', url: String(baseline.facts.url), headers: {}, child: baseline, skip: {} });
    }
    if (wanted.has('toolgate')) {
      const { row, auth } = await toolgateRow(config, upstream, 'toolgate', TOOLGATE_BIN, `toolgate (${config.toolgateAuth.label})`);
      setups.push(auth);
      rows.push(row);
    }
    if (config.abDist || config.abAuth) {
      const bin = config.abDist ? abEntry(config.abDist) : TOOLGATE_BIN;
      const abAuth = config.abAuth ?? config.toolgateAuth;
      const { row, auth } = await toolgateRow({ ...config, toolgateAuth: abAuth }, upstream, 'toolgate-b', bin, `toolgate B: ${config.abDist ?? 'this build'} (${abAuth.label})`);
      setups.push(auth);
      rows.push(row);
    }
    if (wanted.has('peer')) {
      const peer = await startPeer(upstream);
      rows.push({ id: 'peer', label: 'peer (@ivotoby/openapi-mcp-server)', protocol: 'mcp-session', style: 'openapi', url: peer.url, headers: {}, child: peer.child, skip: {} });
    }
    const rest = new Map<RowId, number>();
    for (const row of rows) if (row.child) rest.set(row.id, (await row.child.memory()).rssMb);

    const cells = new Map<string, Cell>();
    const key = (row: RowId, scenario: Scenario, c: number) => `${row}/${scenario}/${c}`;
    let seqBase = 0;
    for (let round = 0; round < config.rounds; round++) {
      for (const scenario of config.scenarios) {
        for (const concurrency of config.concurrencies) {
          const order = rows.map((_, i) => rows[(i + round) % rows.length]!);
          for (const row of order) {
            const k = key(row.id, scenario, concurrency);
            const cell = cells.get(k) ?? { row: row.id, scenario, concurrency, rounds: [], median: { rps: NaN, p50: NaN, p99: NaN, serverCpuUs: NaN, upstreamCpuUs: NaN }, errors: 0 };
            cells.set(k, cell);
            if (row.skip[scenario]) {
              cell.skipped = row.skip[scenario];
              continue;
            }
            const spec: LoadSpec = {
              protocol: row.protocol,
              style: row.style,
              scenario,
              url: row.url,
              headers: row.headers,
              context,
              concurrency,
              warmup: config.warmup,
              measure: config.measure,
              seqBase,
            };
            seqBase += config.warmup.requests + config.measure.requests;
            const cpu0 = [await row.child?.cpuMs(), await upstream.child.cpuMs()] as const;
            const loaded = await runLoadProcess(built.load, spec, config);
            const cpu1 = [await row.child?.cpuMs(), await upstream.child.cpuMs()] as const;
            const perCall = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? NaN : ((b - a) * 1000) / loaded.allCalls);
            const result: Round = { ...loaded, serverCpuUs: perCall(cpu0[0], cpu1[0]), upstreamCpuUs: perCall(cpu0[1], cpu1[1]) };
            cell.rounds.push(result);
            cell.errors += result.errors;
            cell.firstError ??= result.firstError;
            log(
              `round ${round + 1}/${config.rounds} ${scenario} c=${concurrency} ${row.id.padEnd(8)} ${result.rps.toFixed(0).padStart(6)} calls/s  p50 ${result.latencyMs.p50.toFixed(2)} ms  p99 ${result.latencyMs.p99.toFixed(2)} ms  server CPU ${result.serverCpuUs.toFixed(0)} µs/call${result.errors ? `  ${result.errors} errors: ${result.firstError}` : ''}`,
            );
          }
        }
      }
    }
    for (const cell of cells.values()) {
      cell.median = {
        rps: median(cell.rounds.map((r) => r.rps)),
        p50: median(cell.rounds.map((r) => r.latencyMs.p50)),
        p99: median(cell.rounds.map((r) => r.latencyMs.p99)),
        serverCpuUs: median(cell.rounds.map((r) => r.serverCpuUs)),
        upstreamCpuUs: median(cell.rounds.map((r) => r.upstreamCpuUs)),
      };
    }
    const summaries = [];
    for (const row of rows) {
      const memory = row.child ? await row.child.memory() : undefined;
      summaries.push({ id: row.id, label: row.label, restRssMb: rest.get(row.id), peakRssMb: memory?.peakRssMb });
    }
    return { rows: summaries, cells: [...cells.values()], upstream: { peakRssMb: (await upstream.child.memory()).peakRssMb } };
  } finally {
    await Promise.all(rows.map((r) => r.child?.stop()));
    await Promise.all(setups.map((a) => a.close()));
  }
}

async function toolgateRow(config: SideBySideConfig, upstream: Upstream, id: RowId, bin: string, label: string): Promise<{ row: Row; auth: AuthSetup }> {
  const auth = await config.toolgateAuth.prepare(bin);
  const child = await startToolgate({ upstream, args: auth.serveArgs, env: auth.serveEnv, bin });
  const url = String(child.facts.match);
  const row: Row = { id, label, protocol: 'mcp', style: 'tool', url, headers: {}, child, skip: {} };
  try {
    row.headers = await auth.headers(url);
    row.skip = await missingTools(url, row.headers);
  } catch (error) {
    await child.stop();
    await auth.close();
    throw error;
  }
  return { row, auth };
}

async function runLoadProcess(script: string, spec: LoadSpec, config: SideBySideConfig): Promise<LoadResult> {
  const { stdout } = await runToEnd({
    name: 'load generator',
    command: process.execPath,
    args: [script, JSON.stringify(spec)],
    timeoutMs: config.warmup.maxMs + config.measure.maxMs + 60_000,
  });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as LoadResult;
}

async function someCompanyId(upstream: Upstream): Promise<string> {
  const { json } = await postJson(upstream.url + QUERY_COMPANY_PATH, resolveCompanyBody('acme', 1), { accesskey: upstream.accessKey });
  const gsid = (json as { data?: { records?: Array<{ Gsid?: string }> } }).data?.records?.[0]?.Gsid;
  if (!gsid) throw new Error(`the upstream found no company to write to: ${JSON.stringify(json).slice(0, 300)}`);
  return gsid;
}

/** The pack's tools the scenarios call; a scenario whose tool the pack lacks is skipped, and says so. */
async function missingTools(url: string, headers: Record<string, string>): Promise<Partial<Record<Scenario, string>>> {
  const { json } = await postJson(url, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'mcp-protocol-version': '2025-06-18', ...headers });
  const names = new Set(((json as { result?: { tools?: Array<{ name: string }> } }).result?.tools ?? []).map((t) => t.name));
  const skip: Partial<Record<Scenario, string>> = {};
  if (!names.has('resolve_company')) skip.read = 'the gainsight-cs pack has no resolve_company tool';
  if (!names.has('create_cta')) skip.write = 'the gainsight-cs pack has no create_cta tool yet';
  return skip;
}

/**
 * The CLI entry of another build's dist/ copy: the bundle's main.js, or engine/cli/main.js in a
 * build from before the bundle (scripts/build.ts), so that an A/B can span that change.
 */
function abEntry(dist: string): string {
  const bundled = path.resolve(dist, 'main.js');
  return existsSync(bundled) ? bundled : path.resolve(dist, 'engine/cli/main.js');
}
