/** The markdown tables `npm run bench` prints and the README's Performance section quotes. */
import type { Scenario } from './lib/scenarios.js';
import type { ScaleResult } from './scale/run-scale.js';
import type { Cell, Round, RowId, SideBySideResult } from './side-by-side.js';

export const SCENARIO_TITLES: Record<Scenario, string> = {
  read: 'read: resolve_company → `POST /v1/data/objects/query/Company`',
  write: 'write: create_cta → `POST /v2/cockpit/cta`',
};

const f = (n: number | undefined, digits = 2) => (n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(digits));
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—');
// How a target's value is shown, in its table and in its spread.
const times = (v: number) => `${v.toFixed(2)}×`;
const signedMs = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(2)} ms`;
const wholeMs = (v: number) => `${v.toFixed(0)} ms`;

export function sideBySideTables(result: SideBySideResult): string {
  const out: string[] = [];
  const cell = (row: RowId, scenario: Scenario, c: number) => result.cells.find((x) => x.row === row && x.scenario === scenario && x.concurrency === c);
  const scenarios = [...new Set(result.cells.map((c) => c.scenario))];
  const concurrencies = [...new Set(result.cells.map((c) => c.concurrency))].sort((a, b) => a - b);
  for (const scenario of scenarios) {
    out.push(`#### ${SCENARIO_TITLES[scenario]}`, '');
    out.push('| server | conc. | calls/s | p50 ms | p99 ms | calls/s vs floor | calls/s vs baseline | p50 − floor p50 | server CPU µs/call | errors |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of result.rows) {
      for (const c of concurrencies) {
        const x = cell(row.id, scenario, c);
        if (!x) continue;
        if (x.skipped) {
          out.push(`| ${row.label} | ${c} | n/a: ${x.skipped} | | | | | | | |`);
          continue;
        }
        const floor = cell('floor', scenario, c);
        const baseline = cell('baseline', scenario, c);
        const gap = floor ? x.median.p50 - floor.median.p50 : NaN;
        out.push(
          `| ${row.label} | ${c} | ${f(x.median.rps, 0)} | ${f(x.median.p50)} | ${f(x.median.p99)} | ${row.id === 'floor' ? '1.00×' : ratio(x.median.rps, floor?.median.rps ?? NaN)} | ${ratio(x.median.rps, baseline?.median.rps ?? NaN)} | ${row.id === 'floor' ? '—' : `${gap >= 0 ? '+' : ''}${f(gap)} ms`} | ${row.id === 'floor' ? '—' : f(x.median.serverCpuUs, 0)} | ${x.errors} |`,
        );
      }
    }
    const floorCells = concurrencies.map((c) => cell('floor', scenario, c)).filter((x): x is Cell => x !== undefined && !x.skipped);
    if (floorCells.length > 0) {
      out.push('', `The upstream itself (the sandbox on PGlite) used ${floorCells.map((x) => `${f(x.median.upstreamCpuUs, 0)} µs at c=${x.concurrency}`).join(', ')} of CPU per call in the floor runs.`);
    }
    const hop1 = cell('hop', scenario, 1);
    const floor1 = cell('floor', scenario, 1);
    if (hop1 && floor1 && !hop1.skipped && !floor1.skipped) {
      out.push('', `One plain HTTP pass-through (the hop row: no MCP, no checks) adds ${f(hop1.median.p50 - floor1.median.p50)} ms to the floor's p50 at c=1 and costs ${f(hop1.median.serverCpuUs, 0)} µs of CPU per call: the least any gateway adds on this machine.`);
    }
    out.push('');
  }
  out.push('| server | RSS at rest MB | peak RSS MB |', '|---|---:|---:|');
  for (const row of result.rows) out.push(`| ${row.label} | ${f(row.restRssMb, 0)} | ${f(row.peakRssMb, 0)} |`);
  out.push(`| (the shared upstream, for scale) | | ${f(result.upstream.peakRssMb, 0)} |`);
  return out.join('\n');
}

export function scaleTable(scale: ScaleResult): string {
  return [
    `| ${scale.tools} generated tools (${scale.mix}) | measured | target |`,
    '|---|---:|---:|',
    `| cold start to the first successful tools/call (CPU used by then) | ${f(scale.coldStartMs, 0)} ms (${f(scale.coldStartCpuMs, 0)} ms CPU) | < 1500 ms |`,
    `| tools/list p50 (p99), ${scale.listCalls} calls, ${f(scale.listBytes / 1024, 0)} KiB each | ${f(scale.listP50Ms)} ms (${f(scale.listP99Ms)} ms) | < 10 ms |`,
    `| \`toolgate lint\` over them (whole process) | ${f(scale.lintMs, 0)} ms | < 2000 ms |`,
    `| RSS at rest | ${f(scale.restRssMb, 0)} MB | < 200 MB |`,
    `| RSS right after the load (tools/call c=16, then tools/list) | ${f(scale.servingRssMb, 0)} MB | |`,
    `| peak RSS since the process started (VmHWM: start-up, load, tools/list) | ${f(scale.peakRssMb, 0)} MB | < 200 MB |`,
    `| tools/call c=16 on tool #${scale.loadTool} while serving them all | ${f(scale.loadRps, 0)} calls/s, p50 ${f(scale.loadP50Ms)} ms | |`,
  ].join('\n');
}

export interface Target {
  name: string;
  measured: string;
  met: boolean | undefined;
  /**
   * The lowest and highest value over the runs the median is taken from, and how many of them met
   * the target: on a shared machine a median near its target may fall either side of it from one
   * run to the next, and this says how near it is. A ratio is taken within each round, where the
   * two rows ran one after the other.
   */
  spread?: string;
}

export function targets(sbs: SideBySideResult | undefined, scale: ScaleResult | undefined): Target[] {
  const list: Target[] = [];
  const get = (row: RowId, scenario: Scenario, c: number): Cell | undefined =>
    sbs?.cells.find((x) => x.row === row && x.scenario === scenario && x.concurrency === c && !x.skipped && x.rounds.length > 0);
  for (const scenario of ['read', 'write'] as const) {
    const tg16 = get('toolgate', scenario, 16);
    const base16 = get('baseline', scenario, 16);
    const peer16 = get('peer', scenario, 16);
    if (tg16 && base16) list.push(check(`${scenario}: toolgate c=16 ≥ 1.5× baseline`, tg16.median.rps / base16.median.rps, (v) => v >= 1.5, times, perRound(tg16, base16, (a, b) => a.rps / b.rps)));
    if (tg16 && peer16) list.push(check(`${scenario}: toolgate c=16 ≥ 2× peer`, tg16.median.rps / peer16.median.rps, (v) => v >= 2, times, perRound(tg16, peer16, (a, b) => a.rps / b.rps)));
    const tg1 = get('toolgate', scenario, 1);
    const floor1 = get('floor', scenario, 1);
    if (tg1 && floor1) list.push(check(`${scenario}: toolgate p50 c=1 within 0.5 ms of the floor`, tg1.median.p50 - floor1.median.p50, (v) => v <= 0.5, signedMs, perRound(tg1, floor1, (a, b) => a.latencyMs.p50 - b.latencyMs.p50)));
  }
  if (scale) {
    const n = `${scale.tools.toLocaleString('en')} tools`;
    list.push(check(`${n}: cold start < 1.5 s`, scale.coldStartMs, (v) => v < 1500, wholeMs, scale.coldStartRuns));
    list.push(check(`${n}: tools/list p50 < 10 ms`, scale.listP50Ms, (v) => v < 10, (v) => `${v.toFixed(2)} ms`));
    list.push(check(`${n}: lint < 2 s`, scale.lintMs, (v) => v < 2000, wholeMs, scale.lintRuns));
    list.push(check(`${n}: RSS < 200 MB (peak since start)`, scale.peakRssMb, (v) => v < 200, (v) => `${v.toFixed(0)} MB`));
  }
  return list;
}

/** One value per round that both cells ran (rounds are interleaved: round i of each row ran back to back). */
function perRound(a: Cell, b: Cell, value: (a: Round, b: Round) => number): number[] {
  return a.rounds.slice(0, b.rounds.length).map((round, i) => value(round, b.rounds[i]!));
}

function check(name: string, value: number, ok: (v: number) => boolean, show: (v: number) => string, runs?: readonly number[]): Target {
  const target: Target = { name, measured: Number.isFinite(value) ? show(value) : '—', met: Number.isFinite(value) ? ok(value) : undefined };
  const finite = (runs ?? []).filter(Number.isFinite);
  if (finite.length > 1) target.spread = `${show(Math.min(...finite))} … ${show(Math.max(...finite))}, ${finite.filter(ok).length} of ${finite.length} met`;
  return target;
}

export function targetsTable(list: readonly Target[]): string {
  return [
    '| target | measured (median) | met | lowest … highest run |',
    '|---|---:|:---:|---:|',
    ...list.map((t) => `| ${t.name} | ${t.measured} | ${t.met === undefined ? '—' : t.met ? 'yes' : '**no**'} | ${t.spread ?? '—'} |`),
  ].join('\n');
}
