/**
 * The bench's two hot expressions, JSONata's evaluator against the synchronous one
 * (engine/compile/sync-eval/): resolve_company's response select over a real sandbox answer
 * (ten company records), and create_cta's request body template over the bench's write
 * arguments (and once with comments, which calls the pack's $html lambda). Each variant runs N
 * calls per round, rounds interleaved after a warm-up; the medians of the per-call times are
 * compared. By default inside an active AsyncLocalStorage context, as `toolgate serve` runs (every
 * promise then also runs async_hooks); `--no-als` measures without.
 *
 *   npx tsx bench/sync-eval.ts            options: --n 5000 --rounds 9 --warmup 2000 --no-als
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import jsonata from 'jsonata';
import { compileExpression, NOT_SYNC } from '../engine/compile/expression.js';
import { REGISTERED_FUNCTIONS } from '../engine/compile/registered-functions.js';
import { syncFunctionsReady } from '../engine/compile/sync-eval/natives.js';
import { compileTemplate } from '../engine/compile/template.js';
import { loadPacks } from '../engine/manifest/packs.js';
import { startSandbox } from '../sandbox/index.js';
import { QUERY_COMPANY_PATH, resolveCompanyBody } from './lib/upstream-calls.js';
import { median } from './lib/stats.js';
import { numberOption } from './lib/options.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => numberOption(args, name, fallback);
const N = option('n', 5000);
const ROUNDS = option('rounds', 9);
const WARMUP = option('warmup', 2000);

interface Variant {
  name: string;
  call(): unknown;
}

/** Per-call microseconds of each variant: N sequential calls (each awaited), rounds interleaved. */
async function measure(variants: Variant[]): Promise<Map<string, number>> {
  const samples = new Map(variants.map((v) => [v.name, [] as number[]]));
  for (const v of variants) for (let i = 0; i < WARMUP; i++) await v.call();
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of variants) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < N; i++) await v.call();
      samples.get(v.name)!.push(Number(process.hrtime.bigint() - start) / 1000 / N);
    }
  }
  return new Map([...samples].map(([name, s]) => [name, median(s)]));
}

function reference(text: string): jsonata.Expression {
  const expression = jsonata(text);
  for (const [name, f] of Object.entries(REGISTERED_FUNCTIONS)) expression.registerFunction(name, f.implementation as never, f.signature);
  return expression;
}

async function companyAnswer(): Promise<unknown> {
  const sandbox = await startSandbox({ dataDir: 'memory://', now: new Date('2026-03-16T12:00:00Z') });
  try {
    const response = await fetch(sandbox.url + QUERY_COMPANY_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accesskey: sandbox.accessKey },
      body: JSON.stringify(resolveCompanyBody('a', 10)),
    });
    return await response.json();
  } finally {
    await sandbox.close();
  }
}

async function main(): Promise<void> {
  await syncFunctionsReady;
  const { packs } = await loadPacks(['manifests/gainsight-cs']);
  const tool = (name: string) => packs[0]!.tools.find((t) => t.manifest.name === name)!.manifest;
  const select = tool('resolve_company').response.select!;
  const bodyTemplate = tool('create_cta').request!.body as string;
  const bodyText = /^\s*\{\{([\s\S]*)\}\}\s*$/.exec(bodyTemplate)![1]!;

  const body = (await companyAnswer()) as { data: { records: unknown[] } };
  const readScope = { input: { name: 'a' }, body, status: 200, notFound: false };
  const writeInput = { companyId: '1P02ABCDEFGHIJKLMNOPQRSTUVWXYZ012345', name: 'Bench follow-up run-1', type: 'Activity', dueDate: '2026-03-31', important: false };
  const withComments = { ...writeInput, comments: 'Weekly active users down 40%.\n\nAgree a recovery plan with the new sponsor.' };

  const compiledSelect = compileExpression(select);
  const { template } = compileTemplate(bodyTemplate);
  const jsonataSelect = reference(select);
  const jsonataBody = reference(bodyText);
  for (const [what, value] of [
    ['select', compiledSelect.evaluateSync(readScope)],
    ['body', template.evaluateSync({ input: writeInput })],
    ['body with comments', template.evaluateSync({ input: withComments })],
  ] as const) {
    if (value === NOT_SYNC) throw new Error(`the ${what} is not evaluated synchronously`);
  }

  const rows: Array<[string, Variant[]]> = [
    [`resolve_company select (${body.data.records.length} records)`, [
      { name: 'jsonata', call: () => jsonataSelect.evaluate(readScope) },
      { name: 'sync', call: () => compiledSelect.evaluateSync(readScope) },
      { name: 'evaluate', call: () => compiledSelect.evaluate(readScope) },
    ]],
    ['create_cta body', [
      { name: 'jsonata', call: () => jsonataBody.evaluate({ input: writeInput }) },
      { name: 'sync', call: () => template.evaluateSync({ input: writeInput }) },
      { name: 'evaluate', call: () => template.evaluate({ input: writeInput }) },
    ]],
    ['create_cta body, comments ($html)', [
      { name: 'jsonata', call: () => jsonataBody.evaluate({ input: withComments }) },
      { name: 'sync', call: () => template.evaluateSync({ input: withComments }) },
      { name: 'evaluate', call: () => template.evaluate({ input: withComments }) },
    ]],
  ];
  console.log(`Node ${process.version}, N=${N} calls × ${ROUNDS} rounds, warm-up ${WARMUP}, AsyncLocalStorage ${args.includes('--no-als') ? 'off' : 'active'}`);
  console.log('| expression | JSONata µs/call | sync µs/call | evaluate() µs/call | JSONata / sync |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [label, variants] of rows) {
    const m = await measure(variants);
    const [j, s, e] = ['jsonata', 'sync', 'evaluate'].map((n) => m.get(n)!);
    console.log(`| ${label} | ${j!.toFixed(2)} | ${s!.toFixed(2)} | ${e!.toFixed(2)} | ${(j! / s!).toFixed(1)}× |`);
  }
}

if (args.includes('--no-als')) await main();
else await new AsyncLocalStorage<object>().run({}, main);
