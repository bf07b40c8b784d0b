import type { Expression as JsonataExpression } from 'jsonata';
import { requireCommonJs } from '../require-commonjs.js';
import { REGISTERED_FUNCTIONS } from './registered-functions.js';
import { compileSync, type SyncEvaluator } from './sync-eval/compile.js';

export { canonicalJson, idempotencyKeyOf } from './registered-functions.js';

const jsonata = requireCommonJs('jsonata');

/** What an expression reads from its scope; the linter checks these against the declared inputs. */
export interface ExpressionRefs {
  /** Input properties read as `input.<name>`. */
  input: Set<string>;
  /** The expression reads `input` as a whole (every property counts as used). */
  wholeInput: boolean;
  /** Composite steps read as `steps.<id>`. */
  steps: Set<string>;
  /**
   * `input.<name>` (or `input` as a whole, as `*`) written where the context is an item: inside a
   * map step, a filter or a group-by, a bare `input` is that item's field, not the tool's input
   * (`$$.input.<name>` reaches the tool's). The linter warns about each.
   */
  inputInItem: Set<string>;
}

export interface CompiledExpression {
  readonly source: string;
  readonly refs: ExpressionRefs;
  evaluate(scope: Record<string, unknown>): Promise<unknown>;
  /**
   * The value without a promise, where the synchronous evaluator gives it (sync-eval/compile.ts);
   * NOT_SYNC where JSONata must evaluate, and then `evaluate` is the way. Never throws.
   */
  evaluateSync(scope: Record<string, unknown>): unknown;
}

/** evaluateSync's answer when only JSONata's own (async) evaluator can give the value. */
export const NOT_SYNC: unique symbol = Symbol('not-sync');

/** A JSONata syntax error, with the offset inside the expression text. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly code: string,
  ) {
    super(message);
  }
}

const SIMPLE_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Compile a JSONata expression once, at load. Plain dotted paths (`input.companyId`), by far the
 * most common template, skip the JSONata evaluator: a direct property walk is ~100x cheaper and
 * gives the same answer whenever no array sits on the path. Other texts in the subset of
 * sync-eval/ are evaluated by its closures, with no promise per node; JSONata evaluates the rest,
 * and whatever the closures bail on (expressions are pure, so evaluating again is safe).
 * The text is parsed now, so a bad one throws ExpressionError here, unless the compile runs under
 * compileLinted.
 */
export function compileExpression(source: string): CompiledExpression {
  const text = source.trim();
  let refs = deferring ? undefined : ownRefs(text);
  // The parsed tree is not kept here: a thousand tools' trees are ~40 MB, most for tools that are
  // never called. It is taken from the parse cache on first use (parsed again if the cache was
  // emptied by forgetParsedExpressions), then kept.
  let entry: ParsedEntry | undefined;
  const syncEvaluator = (): SyncEvaluator | null => {
    try {
      entry ??= parse(text);
    } catch {
      return null;
    }
    if (entry.sync === undefined) {
      try {
        entry.sync = compileSync(entry.compiled.ast()) ?? null;
      } catch {
        entry.sync = null;
      }
    }
    return entry.sync;
  };
  const sync = (scope: Record<string, unknown>): unknown => {
    const evaluator = syncEvaluator();
    if (!evaluator) return NOT_SYNC;
    try {
      return evaluator(scope);
    } catch {
      // A bail, or anything unforeseen: JSONata decides, and raises its own errors.
      return NOT_SYNC;
    }
  };
  const viaJsonata = (scope: Record<string, unknown>): Promise<unknown> => {
    try {
      entry ??= parse(text);
    } catch (error) {
      // Only under compileLinted, for a text the linter would have refused.
      return Promise.reject(error);
    }
    return entry.compiled.evaluate(scope) as Promise<unknown>;
  };
  const expression = (evaluateSync: CompiledExpression['evaluateSync']): CompiledExpression => ({
    source: text,
    // Only the linter reads refs; under compileLinted they are computed if it ever asks.
    get refs() {
      return (refs ??= ownRefs(text));
    },
    evaluate(scope) {
      const value = evaluateSync(scope);
      return value === NOT_SYNC ? viaJsonata(scope) : Promise.resolve(value);
    },
    evaluateSync,
  });
  if (!SIMPLE_PATH.test(text)) return expression(sync);
  const steps = text.split('.');
  return expression((scope) => {
    let current: unknown = scope;
    for (const step of steps) {
      // An array on the way: JSONata maps over it; the sync evaluator does the same.
      if (Array.isArray(current)) return sync(scope);
      if (current === null || typeof current !== 'object') return undefined;
      // Own properties only, as JSONata reads them: `input.constructor` is not Object's.
      current = Object.hasOwn(current, step) ? (current as Record<string, unknown>)[step] : undefined;
    }
    return current;
  });
}

/** A copy of the text's refs, so that no caller can change another's. */
function ownRefs(text: string): ExpressionRefs {
  const refs = refsOf(text);
  return { input: new Set(refs.input), wholeInput: refs.wholeInput, steps: new Set(refs.steps), inputInItem: new Set(refs.inputInItem) };
}

/**
 * Refs by text, kept without the tree they were read from. Reading refs is what checking an
 * expression takes (the linter, a compile that is not under compileLinted), and most texts read
 * for their refs are never evaluated in that process: the linter's worker evaluates none. Keeping
 * their trees (~40 MB over 1,000 tools) made the worker's heap grow by that much while it linted,
 * each tree copied by the young-generation collector and then marked by the old one; parsed and
 * dropped, a tree dies young (1,000 tools, .exp A/B: start-up CPU −7 %, peak RSS −23 MB).
 */
const refsByText = new Map<string, ExpressionRefs>();

function refsOf(text: string): ExpressionRefs {
  const known = parsed.get(text)?.refs ?? refsByText.get(text);
  if (known) return known;
  const refs = collectRefs(parseTree(text).ast());
  if (refsByText.size >= PARSED_MAX) refsByText.clear();
  refsByText.set(text, refs);
  return refs;
}

/** Whether the text parses as one JSONata expression (a template's `{{ … }}` with `}}` inside). */
export function parsesAsExpression(source: string): boolean {
  try {
    refsOf(source.trim());
    return true;
  } catch {
    return false;
  }
}

let deferring = false;

/**
 * Compile without parsing: for manifests that lintPacks has just passed with no error, whose
 * every expression is therefore known to parse (rule invalid-expression). `toolgate serve` checks
 * its manifests on a worker thread (manifest/check-in-worker.ts), so parsing them here again would
 * put the linter's largest cost (~0.45 s over 1,000 tools) back on the start-up path; each
 * expression is parsed on its first evaluation instead, as it would be after
 * forgetParsedExpressions anyway. The compile is synchronous, so nothing else compiles meanwhile.
 */
export function compileLinted<T>(compile: () => T): T {
  const outer = deferring;
  deferring = true;
  try {
    return compile();
  } finally {
    deferring = outer;
  }
}

/**
 * Parsed expressions by text, for evaluation: a text is parsed for evaluation once per process,
 * however many tools use it (its refs are kept apart, in refsByText, without the tree; `toolgate
 * serve` compiles under compileLinted, and parses only what it evaluates). A parsed expression is immutable once its function is registered, and
 * JSONata gives every evaluation a frame of its own, so tools with the same text share one safely.
 */
interface ParsedEntry {
  compiled: JsonataExpression;
  refs: ExpressionRefs;
  /** The sync evaluator, built on the first evaluation (the linter never needs one); null: none. */
  sync?: SyncEvaluator | null;
}

const parsed = new Map<string, ParsedEntry>();
const PARSED_MAX = 20_000;

/**
 * Drop the parsed expressions once the server has compiled its tools: a compiled expression parses
 * its text again on its first evaluation, so only the trees of tools that are called stay in memory.
 */
export function forgetParsedExpressions(): void {
  parsed.clear();
  refsByText.clear();
}

/** How many parse trees the process holds for evaluation (tests: the linter must hold none). */
export function heldParseTrees(): number {
  return parsed.size;
}

function parse(text: string): ParsedEntry {
  const known = parsed.get(text);
  if (known) return known;
  const compiled = parseTree(text);
  for (const [name, f] of Object.entries(REGISTERED_FUNCTIONS)) compiled.registerFunction(name, f.implementation as never, f.signature);
  const entry: ParsedEntry = { compiled, refs: refsByText.get(text) ?? collectRefs(compiled.ast()) };
  // Bounded for a server that reloads changed manifests for months.
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(text, entry);
  return entry;
}

/** JSONata's parse of the text; a syntax error is an ExpressionError. */
function parseTree(text: string): JsonataExpression {
  try {
    return jsonata(text);
  } catch (error) {
    const e = error as { message?: string; position?: number; code?: string };
    throw new ExpressionError(e.message ?? 'invalid expression', e.position ?? 0, e.code ?? 'S0000');
  }
}

/** Parts of a path step that JSONata evaluates against each item the step produced. */
const ITEM_KEYS = new Set(['stages', 'predicate', 'group']);

interface AstNode {
  type?: string;
  value?: unknown;
  steps?: AstNode[];
  [key: string]: unknown;
}

function collectRefs(ast: unknown): ExpressionRefs {
  const refs: ExpressionRefs = { input: new Set(), wholeInput: false, steps: new Set(), inputInItem: new Set() };
  // `inItem`: the node is evaluated against each item of a path (a step after the first, a filter
  // stage, a group-by), not against the expression's input (JSONata §path operators).
  const visit = (node: unknown, inItem: boolean): void => {
    if (Array.isArray(node)) return node.forEach((child) => visit(child, inItem));
    if (node === null || typeof node !== 'object') return;
    const n = node as AstNode;
    if (n.type === 'path' && Array.isArray(n.steps)) {
      // `$$.input.x` names the root explicitly (the way to reach the input from inside a map or
      // filter): it reads `input.x` just as a top-level `input.x` does.
      const rooted = n.steps[0]?.type === 'variable' && n.steps[0].value === '$' && n.steps.length > 1;
      const [head, next] = rooted ? n.steps.slice(1) : n.steps;
      // The path's first step runs in the path's own context, every later step per item.
      const visitSteps = (from: number) => n.steps!.forEach((step, i) => i >= from && visit(step, i === 0 ? inItem : true));
      const visitRest = () => {
        for (const [key, child] of Object.entries(n)) if (key !== 'steps' && child && typeof child === 'object') visit(child, ITEM_KEYS.has(key) || inItem);
      };
      if (head?.type === 'name' && head.value === 'input') {
        const name = next?.type === 'name' && typeof next.value === 'string' ? next.value : undefined;
        if (name !== undefined) refs.input.add(name);
        else refs.wholeInput = true;
        if (inItem && !rooted) refs.inputInItem.add(name ?? '*');
        // The head is this path's own `input`, counted above: visit only what hangs off it, or
        // the bare-name rule below would count every `input.x` as a use of the whole input.
        visitRest();
        for (const [key, child] of Object.entries(head)) if (child && typeof child === 'object') visit(child, ITEM_KEYS.has(key) || inItem);
        visitSteps(rooted ? 2 : 1);
        return;
      }
      if (head?.type === 'name' && head.value === 'steps' && next?.type === 'name') refs.steps.add(String(next.value));
      visitRest();
      visitSteps(0);
      return;
    }
    if (n.type === 'name' && n.value === 'input') {
      refs.wholeInput = true;
      if (inItem) refs.inputInItem.add('*');
    }
    for (const [key, child] of Object.entries(n)) if (child && typeof child === 'object') visit(child, ITEM_KEYS.has(key) || inItem);
  };
  visit(ast, false);
  return refs;
}
