import { describe, expect, it } from 'vitest';
import { targets, targetsTable } from '../../bench/report.js';
import type { Cell, Round, RowId, SideBySideResult } from '../../bench/side-by-side.js';

// The targets table of `npm run bench`: the verdict is the median's, and the lowest … highest run
// beside it says how near the median sits to its target on a noisy machine.

const round = (rps: number, p50: number): Round => ({
  completed: 1000,
  errors: 0,
  elapsedMs: 1000,
  allCalls: 1200,
  rps,
  latencyMs: { p50, p90: p50, p99: p50, max: p50, mean: p50 },
  serverCpuUs: 500,
  upstreamCpuUs: 600,
});

const cell = (row: RowId, concurrency: number, rounds: Round[], median: { rps: number; p50: number }): Cell => ({
  row,
  scenario: 'write',
  concurrency,
  rounds,
  median: { ...median, p99: median.p50, serverCpuUs: 500, upstreamCpuUs: 600 },
  errors: 0,
});

const result: SideBySideResult = {
  rows: [],
  upstream: { peakRssMb: 0 },
  cells: [
    // Round by round, toolgate / baseline is 1.60, 1.40 and 1.55; the ratio of the medians is 1.52.
    cell('toolgate', 16, [round(1600, 10), round(1400, 11), round(1550, 10)], { rps: 1550, p50: 10 }),
    cell('baseline', 16, [round(1000, 18), round(1000, 19), round(1000, 18)], { rps: 1020, p50: 18 }),
    cell('toolgate', 1, [round(500, 1.3), round(480, 1.6), round(510, 1.2)], { rps: 500, p50: 1.3 }),
    cell('floor', 1, [round(1100, 0.9), round(1000, 0.9), round(1200, 0.8)], { rps: 1100, p50: 0.9 }),
  ],
};

describe('bench targets', () => {
  it('judge the median, and give the lowest and highest run with how many met the target', () => {
    const list = targets(result, undefined);
    expect(list).toEqual([
      { name: 'write: toolgate c=16 ≥ 1.5× baseline', measured: '1.52×', met: true, spread: '1.40× … 1.60×, 2 of 3 met' },
      { name: 'write: toolgate p50 c=1 within 0.5 ms of the floor', measured: '+0.40 ms', met: true, spread: '+0.40 ms … +0.70 ms, 2 of 3 met' },
    ]);
    const table = targetsTable(list);
    expect(table).toContain('| write: toolgate c=16 ≥ 1.5× baseline | 1.52× | yes | 1.40× … 1.60×, 2 of 3 met |');
  });

  it('give no spread for a single run', () => {
    const one: SideBySideResult = { ...result, cells: result.cells.map((c) => ({ ...c, rounds: c.rounds.slice(0, 1) })) };
    expect(targets(one, undefined).map((t) => t.spread)).toEqual([undefined, undefined]);
    expect(targetsTable(targets(one, undefined))).toContain('| yes | — |');
  });
});
