/**
 * `npm run bench`: the side-by-side benchmark (floor, bare-SDK baseline, toolgate, peer) and the
 * 1,000-tool scale run, in one command. Prints markdown tables; writes the full result as JSON
 * under bench/results/. `npm run build` runs first (toolgate is measured from its real build).
 *
 *   npm run bench                   everything (about 6 minutes on 2 cores)
 *   npm run bench -- --quick        a short smoke of every part (under a minute)
 *   npm run bench -- --scale        only the scale run
 *   npm run bench -- --no-scale     only the side-by-side run
 *   npm run bench -- --rounds 5     more rounds (medians are over rounds)
 *   npm run bench -- --no-auth      the toolgate row without auth even when auth is available
 *   npm run bench -- --profile      where toolgate's time goes (node --cpu-prof), instead of the tables
 *   npm run bench -- --rows floor,toolgate --scenarios read --concurrency 1
 *                                   a subset, for iterating on one number
 *   npm run bench -- --rows toolgate --ab DIR
 *                                   adds a row for another build of toolgate (a copy of dist/ made
 *                                   before a change), interleaved with this one: before/after in one run
 *   npm run bench -- --rows toolgate --ab-auth off
 *                                   the B row is this build with auth off: what auth costs, in one run
 *   npm run bench -- --gateway-db postgres://postgres@127.0.0.1:5432/postgres
 *                                   toolgate keeps its gateway state (OAuth, audit) in a scratch
 *                                   database on that PostgreSQL server instead of embedded PGlite
 *
 * Only the whole default run replaces bench/results/latest.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { toolgateAuth } from '../bench/lib/auth.js';
import { PROFILE_DIR, runProfile } from '../bench/profile-run.js';
import { buildBenchProcesses } from '../bench/lib/build.js';
import { scaleTable, sideBySideTables, targets, targetsTable } from '../bench/report.js';
import { runScale, type ScaleConfig, type ScaleResult } from '../bench/scale/run-scale.js';
import { startUpstream } from '../bench/servers/start.js';
import type { Scenario } from '../bench/lib/scenarios.js';
import { runSideBySide, type RowId, type SideBySideConfig, type SideBySideResult } from '../bench/side-by-side.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    scale: { type: 'boolean' },
    'no-scale': { type: 'boolean' },
    rounds: { type: 'string' },
    tools: { type: 'string' },
    'no-auth': { type: 'boolean' },
    profile: { type: 'boolean' },
    rows: { type: 'string' },
    scenarios: { type: 'string' },
    concurrency: { type: 'string' },
    ab: { type: 'string' },
    'ab-auth': { type: 'string' },
    out: { type: 'string' },
    'gateway-db': { type: 'string' },
  },
  strict: true,
});

const quick = values.quick ?? false;
const gatewayDb = values['gateway-db'];
if (gatewayDb && !/^postgres(ql)?:\/\//.test(gatewayDb)) throw new Error('--gateway-db takes a PostgreSQL server URL, e.g. postgres://postgres@127.0.0.1:5432/postgres');
const auth = toolgateAuth(values['no-auth'] ? 'off' : 'on', gatewayDb);
const sideBySide: SideBySideConfig = {
  rounds: Number(values.rounds ?? (quick ? 1 : 3)),
  concurrencies: values.concurrency ? values.concurrency.split(',').map(Number) : [1, 16],
  scenarios: values.scenarios ? (values.scenarios.split(',') as Scenario[]) : ['read', 'write'],
  rows: values.rows ? (values.rows.split(',') as RowId[]) : ['floor', 'hop', 'baseline', 'toolgate', 'peer'],
  warmup: quick ? { requests: 50, maxMs: 300 } : { requests: 400, maxMs: 1_000 },
  measure: quick ? { requests: 1_000, maxMs: 700 } : { requests: 20_000, maxMs: 3_000 },
  toolgateAuth: auth,
  abDist: values.ab,
  abAuth: values['ab-auth'] === 'off' || values['ab-auth'] === 'on' ? toolgateAuth(values['ab-auth'], gatewayDb) : undefined,
};
const scale: ScaleConfig = {
  tools: Number(values.tools ?? (quick ? 100 : 1_000)),
  // Cold starts spread by ±150 ms on this shared machine: five give a steadier median than three.
  coldStarts: quick ? 1 : 5,
  lintRuns: quick ? 1 : 3,
  listCalls: quick ? 30 : 200,
  load: quick ? { warmup: { requests: 50, maxMs: 300 }, measure: { requests: 1_000, maxMs: 700 } } : { warmup: { requests: 400, maxMs: 1_000 }, measure: { requests: 20_000, maxMs: 3_000 } },
  toolgateAuth: auth,
};
const runSbs = !values.scale;
const runScaleToo = !values['no-scale'];

const log = (line: string) => process.stderr.write(`${line}\n`);
const started = new Date();
const load0 = os.loadavg();
const built = await buildBenchProcesses();
const upstream = await startUpstream(built.upstream);
log(`upstream (sandbox) ready at ${upstream.url} in ${upstream.child.readyMs.toFixed(0)} ms`);
if (values.profile) {
  try {
    process.stdout.write(`${await runProfile({ measure: sideBySide.measure, warmup: sideBySide.warmup, tools: scale.tools, auth, scenarios: sideBySide.scenarios, concurrency: sideBySide.concurrencies.at(-1)! }, built, upstream, log)}\n`);
    log(`profiles: ${path.relative(process.cwd(), PROFILE_DIR)}`);
  } finally {
    await upstream.child.stop();
  }
  process.exit(0);
}
let sbs: SideBySideResult | undefined;
let scaled: ScaleResult | undefined;
try {
  if (runSbs) sbs = await runSideBySide(sideBySide, built, upstream, log);
  if (runScaleToo) scaled = await runScale(scale, built, upstream, log);
} finally {
  await upstream.child.stop();
}

const cpus = os.cpus();
const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, load average ${load0.map((l) => l.toFixed(1)).join(' ')} at start, ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at end`;
const checked = targets(sbs, scaled);
const lines = [`### toolgate benchmark, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`, '', machine + '.'];
if (sbs) {
  lines.push(
    '',
    `Side by side, medians of ${sideBySide.rounds} interleaved round${sideBySide.rounds > 1 ? 's' : ''}; each run ${sideBySide.warmup.maxMs / 1000} s warm-up, then up to ${sideBySide.measure.maxMs / 1000} s or ${sideBySide.measure.requests} calls.`,
    '',
    sideBySideTables(sbs),
  );
}
if (scaled) lines.push('', `Scale (medians of ${scale.coldStarts} cold starts and ${scale.lintRuns} lint runs):`, '', scaleTable(scaled));
lines.push('', 'Targets:', '', targetsTable(checked));
const markdown = lines.join('\n');
process.stdout.write(`${markdown}\n`);

const outDir = path.resolve('bench/results');
await mkdir(outDir, { recursive: true });
const file = values.out ?? path.join(outDir, `${quick ? 'quick' : 'bench'}-${started.toISOString().replace(/[:.]/g, '-')}.json`);
const report = { started: started.toISOString(), machine, quick, config: { sideBySide: { ...sideBySide, toolgateAuth: auth.label }, scale: { ...scale, toolgateAuth: auth.label } }, sideBySide: sbs, scale: scaled, targets: checked, markdown };
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
// latest.json (committed, quoted in the README) is only ever the whole default run, never a subset.
const subset = ['rows', 'scenarios', 'concurrency', 'scale', 'no-scale', 'ab', 'ab-auth', 'no-auth', 'tools', 'gateway-db'] as const;
if (!quick && !values.out && subset.every((flag) => values[flag] === undefined)) await writeFile(path.join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
log(`results: ${path.relative(process.cwd(), file)}`);
const failures = [...(sbs?.cells ?? []).filter((c) => c.errors > 0), ...(scaled && scaled.loadErrors > 0 ? [scaled] : [])];
if (failures.length > 0) {
  log(`some calls failed: see the errors column`);
  process.exitCode = 1;
}
