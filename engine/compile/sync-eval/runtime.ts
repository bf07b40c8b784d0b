/**
 * The values and frames of the synchronous evaluator, and JSONata 2.x's own value rules ported
 * line for line (jsonata.js: utils, fn.lookup, fn.append, createSequence), so that both engines
 * build the same arrays with the same markers. Anything JSONata would raise an error for throws
 * BAIL here: the expression is then evaluated by JSONata, which raises its own error.
 */

/** Thrown wherever the sync path cannot be sure of JSONata's answer. Not an Error: no stack to build. */
export class Bail {
  private constructor() {}
  static readonly signal = new Bail();
}
export const BAIL = Bail.signal;

/**
 * A JSONata sequence: an array carrying `sequence: true` (an own, enumerable property, as JSONata
 * sets it), possibly `keepSingleton`, and `cons` (non-enumerable) for an array constructor.
 */
export type Seq = unknown[] & { sequence?: boolean; keepSingleton?: boolean; cons?: boolean; outerWrapper?: boolean };

/** As the base environment's createSequence when no `sequence` limit is set. */
export function createSequence(...items: unknown[]): Seq {
  const sequence: Seq = [];
  sequence.sequence = true;
  if (items.length === 1) sequence.push(items[0]);
  return sequence;
}

export function isSequence(value: unknown): value is Seq {
  return (value as Seq).sequence === true && Array.isArray(value);
}

/** JSONata's isNumeric: a number that is not NaN; an infinite one is error D1001. */
export function isNumeric(n: unknown): n is number {
  if (typeof n !== 'number') return false;
  if (Number.isNaN(n)) return false;
  if (!Number.isFinite(n)) throw BAIL;
  return true;
}

export function isArrayOfNumbers(arg: unknown): arg is number[] {
  return Array.isArray(arg) && arg.filter((item) => !isNumeric(item)).length === 0;
}

/** JSONata's isFunction: its own function objects (or data shaped like them) and JS functions. */
export function isFunction(arg: unknown): boolean {
  const f = arg as { _jsonata_function?: unknown; _jsonata_lambda?: unknown } | null | undefined;
  return (!!f && (f._jsonata_function === true || f._jsonata_lambda === true)) || typeof arg === 'function';
}

/** fn.lookup: a name step over a value, mapping over arrays and flattening one level. */
export function lookup(input: unknown, key: string): unknown {
  if (Array.isArray(input)) {
    const result = createSequence();
    for (let ii = 0; ii < input.length; ii++) {
      const res = lookup(input[ii], key);
      if (res !== undefined) {
        if (Array.isArray(res)) res.forEach((val) => result.push(val));
        else result.push(res);
      }
    }
    return result;
  }
  if (input !== null && typeof input === 'object' && Object.prototype.hasOwnProperty.call(input, key) && !isFunction(input)) {
    return (input as Record<string, unknown>)[key];
  }
  return undefined;
}

/** fn.append (no sequence limit is configured, so no D2015). */
export function append(arg1: unknown, arg2: unknown): unknown {
  if (arg1 === undefined) return arg2;
  if (arg2 === undefined) return arg1;
  const left = Array.isArray(arg1) ? arg1 : createSequence(arg1);
  const right = Array.isArray(arg2) ? arg2 : [arg2];
  return left.concat(right);
}

/** utils.isDeepEqual, for `=` and `!=`. */
export function isDeepEqual(lhs: unknown, rhs: unknown): boolean {
  if (lhs === rhs) return true;
  if (typeof lhs === 'object' && typeof rhs === 'object' && lhs !== null && rhs !== null) {
    if (Array.isArray(lhs) && Array.isArray(rhs)) {
      if (lhs.length !== rhs.length) return false;
      for (let ii = 0; ii < lhs.length; ii++) if (!isDeepEqual(lhs[ii], rhs[ii])) return false;
      return true;
    }
    const lkeys = Object.getOwnPropertyNames(lhs).sort();
    const rkeys = Object.getOwnPropertyNames(rhs).sort();
    if (lkeys.length !== rkeys.length) return false;
    for (let ii = 0; ii < lkeys.length; ii++) if (lkeys[ii] !== rkeys[ii]) return false;
    for (const key of lkeys) {
      if (!isDeepEqual((lhs as Record<string, unknown>)[key], (rhs as Record<string, unknown>)[key])) return false;
    }
    return true;
  }
  return false;
}

/** What `evaluate` does to every node's result last: empty → undefined, singleton → its item. */
export function collapse(result: unknown, keepArray: boolean): unknown {
  if (result && isSequence(result)) {
    if (keepArray) result.keepSingleton = true;
    if (result.length === 0) return undefined;
    if (result.length === 1) return result.keepSingleton ? result : result[0];
  }
  return result;
}

/** Frame.lookup's answer for a name bound in no frame (JSONata would go on to its builtins). */
export const MISSING: unique symbol = Symbol('missing');

/**
 * A variable frame, as JSONata's createFrame: a block and a lambda call each get one; a binding
 * holding undefined still hides the same name further out.
 */
export class Frame {
  private vars: Map<string, unknown> | undefined;
  constructor(readonly parent: Frame | undefined) {}

  bind(name: string, value: unknown): void {
    (this.vars ??= new Map()).set(name, value);
  }

  lookup(name: string): unknown {
    for (let frame: Frame | undefined = this; frame; frame = frame.parent) {
      if (frame.vars?.has(name)) return frame.vars.get(name);
    }
    return MISSING;
  }
}

/** `function($a, $b) { … }` bound to a variable: a closure over its frame and its context. */
export class SyncLambda {
  constructor(
    readonly params: readonly string[],
    readonly body: (input: unknown, frame: Frame) => unknown,
    readonly input: unknown,
    readonly frame: Frame,
  ) {}
}

/**
 * A tail call, as JSONata's tail-call thunk: its procedure and arguments already evaluated (nothing
 * runs between the thunk's making and its call), called by the trampoline of the lambda call
 * that returned it, with that call's context (jsonata.js `apply`).
 */
export class Thunk {
  constructor(
    readonly proc: unknown,
    readonly args: unknown[],
  ) {}
}
