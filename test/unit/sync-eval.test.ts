import jsonata from 'jsonata';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileExpression, NOT_SYNC } from '../../engine/compile/expression.js';
import { REGISTERED_FUNCTIONS } from '../../engine/compile/registered-functions.js';
import { compileSync, type SyncEvaluator } from '../../engine/compile/sync-eval/compile.js';
import { syncFunctionsReady } from '../../engine/compile/sync-eval/natives.js';
import { Bail } from '../../engine/compile/sync-eval/runtime.js';
import { Rng } from '../../sandbox/seed/prng.js';
import { manifestExpressions } from '../support/manifest-expressions.js';
import { randomScope, vocabularyOf } from '../support/random-scopes.js';
import { HAND_EXPRESSIONS, HAND_SCOPES, NOT_IN_SUBSET } from './sync-eval-cases.js';

// Differential test of the synchronous evaluator (engine/compile/sync-eval/) against JSONata
// itself: over every expression of the pack and hand-written ones for each supported node type,
// on hand-written scopes and seeded random ones, the sync path either gives exactly JSONata's
// value (same JSON, same key order, same sequence markers) or bails; where JSONata throws, it
// must bail. The fixed seeds make every failure reproducible.

const PACK = await manifestExpressions(['manifests']);
const RANDOM_PER_PACK_EXPRESSION = 160;
const RANDOM_PER_HAND_EXPRESSION = 60;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function reference(text: string): jsonata.Expression {
  const expression = jsonata(text);
  for (const [name, f] of Object.entries(REGISTERED_FUNCTIONS)) expression.registerFunction(name, f.implementation as never, f.signature);
  return expression;
}

async function viaJsonata(expression: jsonata.Expression, scope: unknown): Promise<Outcome> {
  try {
    return { ok: true, value: await expression.evaluate(scope) };
  } catch (error) {
    return { ok: false, error };
  }
}

function viaSync(evaluator: SyncEvaluator, scope: unknown): Outcome {
  try {
    return { ok: true, value: evaluator(scope) };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * What a caller can observe of a value, stricter than JSON: key order, undefined, -0, the
 * markers JSONata puts on its arrays (a later expression reads them), null-prototype objects.
 */
function shapeOf(value: unknown, depth = 0): string {
  if (depth > 40) return '…';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'function') return 'function';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const v = value as Record<string, unknown>;
  if (v._jsonata_lambda === true || v._jsonata_function === true) return 'jsonata-function';
  if (Array.isArray(value)) {
    const a = value as unknown[] & Record<string, unknown>;
    const marks = ['sequence', 'keepSingleton', 'cons', 'outerWrapper', 'tupleStream'].filter((m) => a[m] !== undefined).map((m) => `${m}=${String(a[m])}`);
    const extra = Object.keys(a).filter((k) => !/^\d+$/.test(k) && !marks.some((m) => m.startsWith(`${k}=`)));
    const items = Array.from({ length: a.length }, (_, i) => (i in a ? shapeOf(a[i], depth + 1) : 'hole'));
    return `[${[...marks, ...extra].join(' ')}|${items.join(',')}]`;
  }
  const proto = Object.getPrototypeOf(value) === null ? 'null-proto' : 'object';
  return `{${proto}|${Object.keys(v).map((k) => `${JSON.stringify(k)}:${shapeOf(v[k], depth + 1)}`).join(',')}}`;
}

interface Tally {
  /** Evaluations JSONata answered. */
  answered: number;
  /** …of which the sync path answered too (identically). */
  sync: number;
}

/** Run one expression over the scopes with both engines; fail on the first disagreement. */
async function compare(text: string, scopes: readonly unknown[]): Promise<Tally> {
  const evaluator = compileSync(jsonata(text).ast());
  expect(evaluator, `no sync evaluator for ${text}`).toBeDefined();
  const expression = reference(text);
  const tally: Tally = { answered: 0, sync: 0 };
  for (const scope of scopes) {
    // Each engine gets its own copy: JSONata marks arrays it made, and a bail must see fresh data.
    const expected = await viaJsonata(expression, structuredClone(scope));
    const actual = viaSync(evaluator!, structuredClone(scope));
    const context = `${text}\n  over ${JSON.stringify(scope)}`;
    if (expected.ok) tally.answered++;
    if (actual.ok) {
      expect(expected.ok, `sync answered ${shapeOf(actual.value)} where JSONata threw ${String((expected as { error: { message?: string } }).error?.message)}: ${context}`).toBe(true);
      if (!expected.ok) continue;
      expect(shapeOf(actual.value), context).toBe(shapeOf(expected.value));
      expect(JSON.stringify(actual.value), context).toBe(JSON.stringify(expected.value));
      tally.sync++;
    } else if (!(actual.error instanceof Bail)) {
      // A JS error in the port mirrors one in jsonata.js; anywhere else it is a bug of the port.
      expect(expected.ok, `sync threw ${String(actual.error)} where JSONata answered: ${context}`).toBe(false);
    }
  }
  return tally;
}

function randomScopes(text: string, seed: number, count: number): unknown[] {
  const vocabulary = vocabularyOf(text);
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => randomScope(vocabulary, rng));
}

function seedOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

beforeAll(async () => {
  await syncFunctionsReady;
});

const NON_DETERMINISTIC = /\$(millis|now|random|shuffle)\(/;

describe('every expression of the pack', () => {
  const tallies: Tally[] = [];

  it('has expressions to test', () => {
    expect(PACK.length).toBeGreaterThan(50);
  });

  it.each(PACK.filter((e) => !NON_DETERMINISTIC.test(e.text)).map((e) => [e.where, e.text]))('%s', async (_, text) => {
    const scopes = [...HAND_SCOPES, ...randomScopes(text, seedOf(text), RANDOM_PER_PACK_EXPRESSION)];
    tallies.push(await compare(text, scopes));
  });

  it('leaves exactly the expressions that read the clock to JSONata', () => {
    const without = PACK.filter((e) => compileSync(jsonata(e.text).ast()) === undefined).map((e) => e.where);
    expect(without).toEqual(PACK.filter((e) => NON_DETERMINISTIC.test(e.text)).map((e) => e.where));
  });

  it('answers most evaluations synchronously (the comparison is not vacuous)', () => {
    const answered = tallies.reduce((n, t) => n + t.answered, 0);
    const sync = tallies.reduce((n, t) => n + t.sync, 0);
    expect(answered).toBeGreaterThan(3000);
    expect(sync / answered).toBeGreaterThan(0.9);
  });
});

describe('hand-written expressions, one or more per supported node type and corner case', () => {
  const tallies: Tally[] = [];

  it.each(HAND_EXPRESSIONS)('%s', async (text) => {
    const scopes = [...HAND_SCOPES, ...randomScopes(text, seedOf(text), RANDOM_PER_HAND_EXPRESSION)];
    tallies.push(await compare(text, scopes));
  });

  it('answers most evaluations synchronously', () => {
    const answered = tallies.reduce((n, t) => n + t.answered, 0);
    const sync = tallies.reduce((n, t) => n + t.sync, 0);
    expect(sync / answered).toBeGreaterThan(0.9);
  });
});

describe('outside the subset', () => {
  it.each(NOT_IN_SUBSET)('%s gets no sync evaluator, and JSONata still evaluates it', async (text) => {
    expect(compileSync(jsonata(text).ast())).toBeUndefined();
    const compiled = compileExpression(text);
    expect(compiled.evaluateSync(HAND_SCOPES[0] as Record<string, unknown>)).toBe(NOT_SYNC);
    const expected = await viaJsonata(reference(text), HAND_SCOPES[0]);
    const actual = await compiled.evaluate(HAND_SCOPES[0] as Record<string, unknown>).then((value) => ({ ok: true, value }), (error: unknown) => ({ ok: false, error }));
    expect(actual.ok).toBe(expected.ok);
  });
});

describe('compileExpression', () => {
  const scope = HAND_SCOPES[0] as Record<string, unknown>;

  it('answers synchronously where the subset does, with JSONata value', async () => {
    for (const text of ["{ 'n': input.name, 'tags': [input.tags] }", 'input.deep.list.id', '$count(input.tags) > 1']) {
      const compiled = compileExpression(text);
      const value = compiled.evaluateSync(scope);
      expect(value).not.toBe(NOT_SYNC);
      expect(shapeOf(value)).toBe(shapeOf(await reference(text).evaluate(scope)));
      expect(shapeOf(await compiled.evaluate(scope))).toBe(shapeOf(value));
    }
  });

  it('falls back to JSONata where the sync path bails at run time, with its value', async () => {
    // A lambda read as a value would be JSONata's function object: the sync path bails there.
    const text = '( $f := function($x) { $x }; $exists($f) and input.name = "acme" )';
    const compiled = compileExpression(text);
    expect(compileSync(jsonata(text).ast())).toBeDefined();
    expect(compiled.evaluateSync(scope)).toBe(NOT_SYNC);
    expect(await compiled.evaluate(scope)).toBe(true);
  });

  it("raises JSONata's own error where the sync path bails on one", async () => {
    const compiled = compileExpression('input.name < input.limit');
    expect(compiled.evaluateSync(scope)).toBe(NOT_SYNC);
    await expect(compiled.evaluate(scope)).rejects.toMatchObject({ code: 'T2009' });
  });
});
