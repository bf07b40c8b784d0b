/**
 * The load generator, run as its own process so that its CPU is never the server's: `concurrency`
 * workers, each with its own keep-alive connection, send calls back to back. A warm-up phase runs
 * first and is not recorded; then the measured phase stops at `requests` calls or `maxMs`,
 * whichever comes first. Prints one JSON LoadResult line on stdout.
 */
import { pathToFileURL } from 'node:url';
import { summarize, type LatencySummary } from '../lib/stats.js';
import { prepareCall, type CallStyle, type Scenario, type ScenarioContext } from '../lib/scenarios.js';
import { createCaller, type Protocol, type Worker } from './callers.js';

export interface LoadSpec {
  protocol: Protocol;
  style: CallStyle;
  scenario: Scenario;
  url: string;
  headers: Record<string, string>;
  context: ScenarioContext;
  concurrency: number;
  warmup: { requests: number; maxMs: number };
  measure: { requests: number; maxMs: number };
  /** Offset for the write sequence numbers, so that two runs never send the same CTA name. */
  seqBase: number;
}

export interface LoadResult {
  completed: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  /** Every call sent, warm-up included (for CPU time per call). */
  allCalls: number;
  /** Completed calls per second over the measured phase. */
  rps: number;
  latencyMs: LatencySummary;
}

async function phase(spec: LoadSpec, workers: Worker[], bounds: { requests: number; maxMs: number }, seqStart: number, record?: Float64Array) {
  let issued = 0;
  let completed = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + bounds.maxMs;
  await Promise.all(
    workers.map(async (worker, w) => {
      while (issued < bounds.requests && performance.now() < deadline) {
        const seq = seqStart + issued++;
        const prepared = prepareCall(spec.style, spec.scenario, seq, spec.context);
        const id = (w + 1) * 1e7 + seq;
        const t0 = performance.now();
        try {
          await worker.call(prepared, id);
          if (record) record[completed] = performance.now() - t0;
          completed++;
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  return { completed, errors, firstError, elapsedMs: performance.now() - started, issued };
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const caller = createCaller({ protocol: spec.protocol, url: spec.url, headers: spec.headers, connections: spec.concurrency });
  try {
    const workers = await Promise.all(Array.from({ length: spec.concurrency }, (_, i) => caller.worker(i + 1)));
    try {
      const warm = await phase(spec, workers, spec.warmup, spec.seqBase);
      const samples = new Float64Array(spec.measure.requests);
      const run = await phase(spec, workers, spec.measure, spec.seqBase + warm.issued, samples);
      return {
        completed: run.completed,
        errors: run.errors + warm.errors,
        firstError: run.firstError ?? warm.firstError,
        elapsedMs: run.elapsedMs,
        allCalls: warm.issued + run.issued,
        rps: (run.completed / run.elapsedMs) * 1000,
        latencyMs: summarize(samples.subarray(0, run.completed)),
      };
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  } finally {
    await caller.close();
  }
}

const raw = process.argv[2];
if (raw && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runLoad(JSON.parse(raw) as LoadSpec);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
