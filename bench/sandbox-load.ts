/**
 * The sandbox's own cost per request for the benchmark's two upstream calls (read: resolve_company's
 * query, write: create one CTA), without any gateway in front. Starts the sandbox as
 * bench/servers/upstream.ts does, bundled (no TypeScript loader in the measured process), warms
 * up, then sends N of each call one at a time and at concurrency 16 with undici, and reads the
 * sandbox process's CPU time (utime + stime, /proc/<pid>/stat) before and after.
 *
 *   npx tsx bench/sandbox-load.ts snapshot before      # bundle the sandbox as it is now, as "before"
 *   npx tsx bench/sandbox-load.ts run before current   # bundle "current", run both interleaved, medians
 *   options: --n 2000 --rounds 3 --warmup 300
 *   SANDBOX_LOAD_ONLY=read|write measures one call; SANDBOX_LOAD_NODE_ARGS="--cpu-prof …" profiles.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { Agent, request } from 'undici';
import { BUNDLE_OPTIONS } from './lib/build.js';
import { startChild, type Child } from './lib/child.js';
import { median, summarize } from './lib/stats.js';
import { prepareCall, READ_NAME, type Scenario } from './lib/scenarios.js';
import { QUERY_COMPANY_PATH, resolveCompanyBody } from './lib/upstream-calls.js';
import { numberOption } from './lib/options.js';

const OUT = path.resolve('bench/.build/sandbox-load');
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => numberOption(args, name, fallback);
const positional = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const N = option('n', 2000);
const ROUNDS = option('rounds', 3);
const WARMUP = option('warmup', 300);

async function snapshot(name: string): Promise<string> {
  const file = path.join(OUT, `${name}.mjs`);
  await build({ ...BUNDLE_OPTIONS, entryPoints: [path.resolve('bench/servers/upstream.ts')], outfile: file });
  return file;
}

type Call = (seq: number) => { path: string; body: unknown };
interface Target { url: string; accessKey: string; companyId: string; runId: string }

/** Exactly what the bench's floor row sends (bench/lib/scenarios.ts). */
const call = (scenario: Scenario, t: Target): Call => (seq) => {
  const prepared = prepareCall('upstream', scenario, seq, { companyId: t.companyId, runId: t.runId, peerTools: { read: '', write: '' } });
  if (prepared.kind !== 'http') throw new Error('the upstream style prepares HTTP calls');
  return prepared;
};

async function post(agent: Agent, t: Target, p: string, body: unknown): Promise<{ status: number; text: string }> {
  const res = await request(t.url + p, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', accesskey: t.accessKey },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

async function phase(agent: Agent, t: Target, call: Call, n: number, concurrency: number, seqBase: number) {
  const samples = new Float64Array(n);
  let issued = 0;
  let errors = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (issued < n) {
      const i = issued++;
      const { path: p, body } = call(seqBase + i);
      const t0 = performance.now();
      const res = await post(agent, t, p, body);
      samples[i] = performance.now() - t0;
      if (res.status !== 200) errors++;
    }
  }));
  return { samples, errors };
}

interface Cell { cpuUs: number; p50: number; errors: number }

const NODE_ARGS = process.env.SANDBOX_LOAD_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const ONLY = process.env.SANDBOX_LOAD_ONLY; // e.g. "read" or "write": measure one call only

async function measureBuild(file: string, round: number): Promise<{ cells: Record<string, Cell>; digest: string }> {
  const child: Child = await startChild({ name: path.basename(file), command: process.execPath, args: [...NODE_ARGS, file] });
  const agent = new Agent({ connections: 16, pipelining: 1 });
  try {
    const facts = child.facts as { url: string; accessKey: string };
    const first = await post(agent, { ...facts, companyId: '', runId: '' }, QUERY_COMPANY_PATH, resolveCompanyBody(READ_NAME, 1));
    const companyId = (JSON.parse(first.text) as { data: { records: Array<{ Gsid: string }> } }).data.records[0]!.Gsid;
    const t: Target = { ...facts, companyId, runId: `${round}-${Date.now().toString(36)}` };
    // What the responses look like, minus the request id, to compare builds.
    const sample = await post(agent, t, QUERY_COMPANY_PATH, resolveCompanyBody(READ_NAME));
    const digest = createHash('sha256').update(sample.text.replace(/"requestId":"[^"]+"/, '')).digest('hex').slice(0, 12);
    let seq = 0;
    for (const kind of ['read', 'write'] as const) {
      await phase(agent, t, call(kind, t), WARMUP, 16, seq);
      seq += WARMUP;
    }
    const cells: Record<string, Cell> = {};
    for (const concurrency of [1, 16]) {
      for (const kind of ['read', 'write'] as const) {
        if (ONLY && kind !== ONLY) continue;
        const cpu0 = await child.cpuMs();
        const { samples, errors } = await phase(agent, t, call(kind, t), N, concurrency, seq);
        const cpu1 = await child.cpuMs();
        seq += N;
        cells[`${kind} c${concurrency}`] = { cpuUs: ((cpu1 - cpu0) * 1000) / N, p50: summarize(samples).p50, errors };
      }
    }
    return { cells, digest };
  } finally {
    await agent.close();
    await child.stop();
  }
}

async function run(names: string[]) {
  const files = names.map((n) => path.join(OUT, `${n}.mjs`));
  for (const f of files) if (!existsSync(f)) throw new Error(`${f} missing: snapshot it first`);
  const results = new Map<string, Record<string, Cell>[]>(names.map((n) => [n, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [i, name] of names.entries()) {
      const { cells, digest } = await measureBuild(files[i]!, round);
      results.get(name)!.push(cells);
      const line = Object.entries(cells).map(([k, c]) => `${k}: ${c.cpuUs.toFixed(0)}µs p50 ${c.p50.toFixed(2)}ms${c.errors ? ` ERR ${c.errors}` : ''}`).join(' | ');
      console.log(`round ${round} ${name.padEnd(10)} [${digest}] ${line}`);
    }
  }
  console.log(`\nmedians of ${ROUNDS} rounds, N=${N}:`);
  for (const name of names) {
    const rounds = results.get(name)!;
    const keys = Object.keys(rounds[0]!);
    const line = keys.map((k) => `${k}: ${median(rounds.map((r) => r[k]!.cpuUs)).toFixed(0)}µs p50 ${median(rounds.map((r) => r[k]!.p50)).toFixed(2)}ms`).join(' | ');
    console.log(`${name.padEnd(10)} ${line}`);
  }
}

const [command, ...rest] = positional;
if (command === 'snapshot') console.log(await snapshot(rest[0] ?? 'current'));
else if (command === 'run') {
  await snapshot('current');
  await run(rest.length ? rest : ['current']);
} else {
  console.error('usage: snapshot NAME | run NAME...');
  process.exit(2);
}
