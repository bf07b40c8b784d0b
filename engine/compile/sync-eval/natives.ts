import { requireCommonJs } from '../../require-commonjs.js';
import { REGISTERED_FUNCTIONS } from '../registered-functions.js';
import { contains, isoDate, replace, split } from './ported.js';
import { BAIL, createSequence, isFunction } from './runtime.js';

const jsonata = requireCommonJs('jsonata');

/** A function definition as JSONata holds it (jsonata.js defineFunction). */
interface Definition {
  implementation: (this: unknown, ...args: unknown[]) => unknown;
  signature?: { validate(args: unknown[], context: unknown): unknown[] };
}

/**
 * Builtins the sync path calls through JSONata's own implementation: synchronous, pure and
 * deterministic. Left out on purpose: $now, $millis, $random, $shuffle (not deterministic),
 * $toMillis (a picture reads the evaluation's clock), $eval, and the async ones ($map, $filter,
 * $single, $reduce, $sift, $each, $sort, $match).
 */
const DIRECT = [
  'sum', 'count', 'max', 'min', 'average', 'string', 'substring', 'substringBefore', 'substringAfter', 'lowercase',
  'uppercase', 'length', 'trim', 'pad', 'join', 'formatNumber', 'formatBase', 'formatInteger', 'parseInteger', 'number',
  'floor', 'ceil', 'round', 'abs', 'sqrt', 'power', 'boolean', 'not', 'keys', 'lookup', 'append', 'exists', 'spread',
  'merge', 'reverse', 'error', 'assert', 'type', 'distinct', 'zip', 'base64encode', 'base64decode', 'encodeUrlComponent',
  'encodeUrl', 'decodeUrlComponent', 'decodeUrl', 'fromMillis',
] as const;

/** Async in JSONata, ported (ported.ts); still checked against JSONata's own signatures. */
const PORTED: Readonly<Record<string, (...args: unknown[]) => unknown>> = { contains, split, replace };

/** Every function name an expression may call on the sync path. */
export const SYNC_FUNCTIONS: ReadonlySet<string> = new Set([...DIRECT, ...Object.keys(PORTED), ...Object.keys(REGISTERED_FUNCTIONS)]);

/** Functions that accept a regex literal (compiled as JSONata's matcher closure). */
export const TAKES_MATCHER: ReadonlySet<string> = new Set(Object.keys(PORTED));

let definitions: ReadonlyMap<string, Definition> | undefined;
let fnString: Definition['implementation'] = bail;
let fnBoolean: Definition['implementation'] = bail;

/**
 * JSONata hands its function objects out only through an evaluation, which is async: they are
 * taken once, at import. Until then (a few microtasks) every sync evaluation bails.
 */
export const syncFunctionsReady: Promise<void> = (async () => {
  const names = [...DIRECT, ...Object.keys(PORTED), ...Object.keys(REGISTERED_FUNCTIONS)];
  const all = jsonata(`{ ${names.map((name) => `'${name}': $${name}`).join(', ')} }`);
  for (const [name, f] of Object.entries(REGISTERED_FUNCTIONS)) all.registerFunction(name, f.implementation as never, f.signature);
  const found = (await all.evaluate({})) as Record<string, Definition>;
  definitions = new Map(names.map((name) => [name, found[name]!]));
  fnString = found.string!.implementation;
  fnBoolean = found.boolean!.implementation;
})().catch(() => {
  // Without JSONata's definitions the sync path stays off; JSONata evaluates everything.
});

/** `fn.string` and `fn.boolean` as the evaluator itself uses them (`&`, conditions, predicates). */
export function stringOf(value: unknown): string {
  try {
    return fnString(value) as string;
  } catch {
    throw BAIL;
  }
}

export function booleanOf(value: unknown): unknown {
  try {
    return fnBoolean(value);
  } catch {
    throw BAIL;
  }
}

/**
 * Call a function the way jsonata.js applyInner calls a native one: arguments checked by its
 * signature (the context fills a missing `-` argument), `this` a focus like JSONata's.
 */
export function callFunction(name: string, args: unknown[], context: unknown): unknown {
  if (name === 'fromMillis') {
    const date = isoDate(args);
    if (date !== undefined) return date;
  }
  const definition = definitions?.get(name) ?? bail();
  const ported = PORTED[name];
  // A lambda or matcher passed to a direct builtin would be JSONata's own function object there.
  if (!ported) for (const arg of args) if (isFunction(arg)) throw BAIL;
  let result: unknown;
  try {
    const validated = definition.signature ? definition.signature.validate(args, context) : args;
    result = ported ? ported(...validated) : definition.implementation.apply({ environment: undefined, input: context, options: undefined, createSequence }, validated);
  } catch {
    // JSONata's own error (T0410, D3030, $error's D3137…): JSONata raises it when it evaluates.
    throw BAIL;
  }
  if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') throw BAIL;
  return result;
}

function bail(): never {
  throw BAIL;
}
