import { boundNames, checkKeys, isUnsupported, PLAIN, unsupported, type Node } from './ast.js';
import { arrayOf, objectOf } from './constructors.js';
import { booleanOf, callFunction, stringOf, SYNC_FUNCTIONS, TAKES_MATCHER } from './natives.js';
import { BINARY_OPERATORS } from './operators.js';
import { regexMatcher } from './ported.js';
import { BAIL, collapse, createSequence, Frame, isArrayOfNumbers, isNumeric, isSequence, lookup, MISSING, SyncLambda, Thunk, type Seq } from './runtime.js';

/** A compiled node: JSONata's `evaluate(expr, input, environment)`, synchronous. */
export type Eval = (input: unknown, frame: Frame) => unknown;

export interface Context {
  /** Names bound somewhere in the expression: looked up in the frames at run time. */
  readonly bound: ReadonlySet<string>;
  /** Inside an array or object constructor, whose items JSONata evaluates interleaved (Promise.all). */
  readonly concurrent: boolean;
  /** Inside a lambda body, where the parser left tail-call thunks. */
  readonly inLambda: boolean;
}

/** Evaluates an expression's tree for one input; throws BAIL where JSONata must decide. */
export type SyncEvaluator = (input: unknown) => unknown;

/**
 * Compile JSONata's parsed tree to closures, or undefined when it uses anything outside the
 * subset (decided here, once). The closures port jsonata.js's evaluator step for step, minus the
 * promises: same sequences, same flattening and singleton rules, same key order.
 */
export function compileSync(ast: unknown): SyncEvaluator | undefined {
  let root: Eval;
  try {
    root = compile(ast as Node, { bound: boundNames(ast), concurrent: false, inLambda: false });
  } catch (error) {
    if (isUnsupported(error)) return undefined;
    throw error;
  }
  return (input) => {
    // JSONata wraps an array input in an outerWrapper sequence; no scope of ours is an array.
    if (Array.isArray(input)) throw BAIL;
    const frame = new Frame(undefined);
    frame.bind('$', input);
    return root(input, frame);
  };
}

/** A node, then what `evaluate` does after every node: its predicates, then the singleton rules. */
export function compile(n: Node, c: Context, isStep = false): Eval {
  checkKeys(n);
  if (n.stages !== undefined && !isStep) unsupported();
  const body = compileBody(n, c);
  const filters = (n.predicate ?? []).map((p) => filterOf(p, c));
  const keepArray = n.keepArray === true;
  if (filters.length === 0 && neverSequence(n)) return body;
  if (filters.length === 0) return (input, frame) => collapse(body(input, frame), keepArray);
  return (input, frame) => {
    let result = body(input, frame);
    for (const filter of filters) result = filter(result, frame);
    return collapse(result, keepArray);
  };
}

/** Nodes whose value is never a sequence, so that the singleton rules have nothing to do. */
function neverSequence(n: Node): boolean {
  if (n.type === 'string' || n.type === 'number' || n.type === 'value') return true;
  // An array constructor's array is a plain one (concat drops the marker), an object is an object.
  if (n.type === 'unary') return true;
  // Numbers, booleans, strings; a range is a sequence.
  return n.type === 'binary' && n.value !== '..';
}

function compileBody(n: Node, c: Context): Eval {
  switch (n.type) {
    case 'path':
      return pathOf(n, c);
    case 'name': {
      const key = String(n.value);
      return (input) => lookup(input, key);
    }
    case 'string':
    case 'number':
    case 'value': {
      const value = n.value;
      return () => value;
    }
    case 'variable':
      return variableOf(n, c);
    case 'binary':
      return binaryOf(n, c);
    case 'unary':
      if (n.value === '-') return negationOf(n, c);
      if (n.value === '[') return arrayOf(n, c);
      if (n.value === '{') return objectOf(n, c);
      return unsupported();
    case 'condition': {
      const condition = compile(n.condition!, c);
      const then = compile(n.then!, c);
      const otherwise = n.else ? compile(n.else, c) : undefined;
      return (input, frame) => (booleanOf(condition(input, frame)) ? then(input, frame) : otherwise?.(input, frame));
    }
    case 'block':
      return blockOf(n, c);
    case 'bind': {
      const name = bindName(n, c);
      const rhs = compile(n.rhs!, c);
      return (input, frame) => {
        const value = rhs(input, frame);
        frame.bind(name, value);
        return value;
      };
    }
    case 'function':
      return callOf(n, c, false);
    case 'lambda':
      // Only the parser's tail-call thunks; a lambda as a value is bound in a block (blockOf).
      if (n.thunk === true && c.inLambda) return callOf(n.body!, c, true);
      return unsupported();
    default:
      return unsupported();
  }
}

/** evaluatePath and evaluateStep. */
function pathOf(n: Node, c: Context): Eval {
  const steps = n.steps!.map((step) => ({
    evaluate: compile(step, c, true),
    stages: (step.stages ?? []).map((stage) => filterOf(stage, c)),
    consarray: step.consarray === true,
  }));
  const last = steps.length - 1;
  const absolute = n.steps![0]!.type === 'variable';
  const keepSingletonArray = n.keepSingletonArray === true;
  type Step = (typeof steps)[number];
  const evaluateStep = (step: Step, input: Seq, frame: Frame, lastStep: boolean): Seq => {
    const result = createSequence();
    for (let ii = 0; ii < input.length; ii++) {
      let res = step.evaluate(input[ii], frame);
      for (const stage of step.stages) res = stage(res, frame);
      if (res !== undefined) result.push(res);
    }
    if (lastStep && result.length === 1 && Array.isArray(result[0]) && !isSequence(result[0])) return result[0] as Seq;
    const resultSequence = createSequence();
    result.forEach((res) => {
      if (!Array.isArray(res) || (res as Seq).cons) resultSequence.push(res);
      else res.forEach((val) => resultSequence.push(val));
    });
    return resultSequence;
  };
  const path = (input: unknown, frame: Frame): unknown => {
    // Values of any shape flow here exactly as in jsonata.js, errors included (a TypeError bails).
    let inputSequence: any = Array.isArray(input) && !absolute ? input : createSequence(input);
    let resultSequence: any;
    for (let ii = 0; ii < steps.length; ii++) {
      const step = steps[ii]!;
      resultSequence = ii === 0 && step.consarray ? step.evaluate(inputSequence, frame) : evaluateStep(step, inputSequence, frame, ii === last);
      if (resultSequence === undefined || resultSequence.length === 0) break;
      inputSequence = resultSequence;
    }
    if (keepSingletonArray) {
      if (Array.isArray(resultSequence) && (resultSequence as Seq).cons && !(resultSequence as Seq).sequence) resultSequence = createSequence(resultSequence);
      resultSequence.keepSingleton = true;
    }
    return resultSequence;
  };
  const only = n.steps!.length === 1 ? n.steps![0]! : undefined;
  // One plain name over one value (a field of an object constructor's item, mostly): what the
  // general walk above gives, without its three sequences, unless the value is itself a sequence.
  if (only?.type === 'name' && !keepSingletonArray && !n.keepArray && !n.predicate && Object.keys(only).every((k) => PLAIN.has(k))) {
    const key = String(only.value);
    return (input, frame) => {
      if (Array.isArray(input)) return path(input, frame);
      const value = lookup(input, key);
      return value && isSequence(value) ? path(input, frame) : value;
    };
  }
  return path;
}

/** evaluateFilter: `[n]` picks by position (negative from the end); anything else is a predicate. */
function filterOf(stage: Node, c: Context): (input: unknown, frame: Frame) => unknown {
  checkKeys(stage, new Set(['type', 'expr', 'position']));
  if (stage.type !== 'filter') unsupported();
  const predicate = stage.expr!;
  if (predicate.type === 'number') {
    const position = Math.floor(predicate.value as number);
    return (input) => {
      const items = Array.isArray(input) ? input : createSequence(input);
      const index = position < 0 ? items.length + position : position;
      const item = items[index];
      if (item === undefined) return createSequence();
      if (Array.isArray(item)) return item;
      return createSequence(item);
    };
  }
  const test = compile(predicate, c);
  return (input, frame) => {
    const results = createSequence();
    const items = Array.isArray(input) ? input : createSequence(input);
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      let res = test(item, frame);
      if (isNumeric(res)) res = [res];
      if (isArrayOfNumbers(res)) {
        res.forEach((ires) => {
          let ii = Math.floor(ires);
          if (ii < 0) ii = items.length + ii;
          if (ii === index) results.push(item);
        });
      } else if (booleanOf(res)) {
        results.push(item);
      }
    }
    return results;
  };
}

function variableOf(n: Node, c: Context): Eval {
  const name = String(n.value);
  // `$`: the context (of an outerWrapper sequence, its one item).
  if (name === '') return (input) => (input && (input as Seq).outerWrapper ? (input as unknown[])[0] : input);
  // Anything else not bound by the expression itself is a builtin as a value, or nothing at all.
  if (name !== '$' && !c.bound.has(name)) unsupported();
  return (_, frame) => {
    const value = frame.lookup(name);
    // Missing: a builtin, as a value. A lambda as a value would be JSONata's function object.
    if (value === MISSING || value instanceof SyncLambda) throw BAIL;
    return value;
  };
}

function bindName(n: Node, c: Context): string {
  const lhs = n.lhs as Node;
  checkKeys(lhs, PLAIN);
  // Binds in concurrently evaluated items would race as JSONata interleaves them.
  if (lhs.type !== 'variable' || c.concurrent) unsupported();
  return String(lhs.value);
}

function binaryOf(n: Node, c: Context): Eval {
  const lhs = compile(n.lhs as Node, c);
  const rhs = compile(n.rhs!, c);
  const boolize = (value: unknown) => booleanOf(value) ?? false;
  switch (n.value) {
    case 'and':
      return (input, frame) => boolize(lhs(input, frame)) && boolize(rhs(input, frame));
    case 'or':
      return (input, frame) => boolize(lhs(input, frame)) || boolize(rhs(input, frame));
    case '&':
      return (input, frame) => {
        const l = lhs(input, frame);
        const r = rhs(input, frame);
        return (l === undefined ? '' : stringOf(l)).concat(r === undefined ? '' : stringOf(r));
      };
  }
  const op = BINARY_OPERATORS[String(n.value)] ?? unsupported();
  return (input, frame) => {
    const l = lhs(input, frame);
    return op(l, rhs(input, frame));
  };
}

function negationOf(n: Node, c: Context): Eval {
  const expression = compile(n.expression!, c);
  return (input, frame) => {
    const value = expression(input, frame);
    if (value === undefined) return undefined;
    if (isNumeric(value)) return -value;
    throw BAIL;
  };
}

/** evaluateBlock: a frame of its own. A lambda may be bound here, as a statement, not as the value. */
function blockOf(n: Node, c: Context): Eval {
  const inner: Context = { ...c, concurrent: false };
  const expressions = n.expressions!;
  const parts = expressions.map((e, i) => (i < expressions.length - 1 && e.type === 'bind' && e.rhs?.type === 'lambda' ? lambdaBindOf(e, inner) : compile(e, inner)));
  return (input, frame) => {
    const own = new Frame(frame);
    let result: unknown;
    for (const part of parts) result = part(input, own);
    return result;
  };
}

function lambdaBindOf(n: Node, c: Context): Eval {
  checkKeys(n);
  if (n.predicate || n.keepArray) unsupported();
  const name = bindName(n, c);
  const lambda = n.rhs!;
  checkKeys(lambda);
  if (lambda.thunk || lambda.predicate || lambda.keepArray) unsupported();
  const params = lambda.arguments!.map((p) => {
    checkKeys(p, PLAIN);
    return String(p.value);
  });
  checkTailChain(lambda.body!);
  const body = compile(lambda.body!, { ...c, concurrent: false, inLambda: true });
  return (input, frame) => {
    frame.bind(name, new SyncLambda(params, body, input, frame));
    return undefined;
  };
}

/**
 * The nodes a tail-call thunk passes through on its way out of a lambda body (blocks' last
 * expressions, conditions' branches): a predicate there would filter the thunk, not its result.
 */
function checkTailChain(n: Node): void {
  if (n.type === 'block') {
    if (n.predicate) unsupported();
    const last = n.expressions?.at(-1);
    if (last) checkTailChain(last);
  } else if (n.type === 'condition') {
    if (n.predicate) unsupported();
    checkTailChain(n.then!);
    if (n.else) checkTailChain(n.else);
  }
}

/**
 * evaluateFunction, or as a tail call the thunk (whose keepArray the trampoline ignores, and whose
 * result no epilogue touches). The procedure is `$name`: a builtin of the subset, or a lambda
 * bound by the expression.
 */
function callOf(n: Node, c: Context, tail: boolean): Eval {
  checkKeys(n);
  const procedure = n.procedure!;
  checkKeys(procedure, PLAIN);
  if (n.type !== 'function' || procedure.type !== 'variable') unsupported();
  const name = String(procedure.value);
  const dynamic = c.bound.has(name);
  if (!dynamic && !SYNC_FUNCTIONS.has(name)) unsupported();
  const args = n.arguments!.map((arg): Eval => {
    if (arg.type !== 'regex') return compile(arg, c);
    checkKeys(arg, PLAIN);
    if (dynamic || !TAKES_MATCHER.has(name)) unsupported();
    const literal = arg.value as RegExp;
    return () => regexMatcher(literal);
  });
  return (input, frame) => {
    const proc = dynamic ? resolve(frame, name) : name;
    const values = args.map((arg) => arg(input, frame));
    if (tail) return new Thunk(proc, values);
    return proc instanceof SyncLambda ? applyLambda(proc, values, input) : callFunction(proc, values, input);
  };
}

function resolve(frame: Frame, name: string): string | SyncLambda {
  const value = frame.lookup(name);
  if (value instanceof SyncLambda) return value;
  if (value === MISSING && SYNC_FUNCTIONS.has(name)) return name;
  throw BAIL;
}

/** apply: call, then trampoline tail calls with the context of this call (jsonata.js `apply`). */
function applyLambda(lambda: SyncLambda, args: unknown[], context: unknown): unknown {
  let result = invoke(lambda, args);
  while (result instanceof Thunk) {
    const { proc, args: next } = result;
    result = proc instanceof SyncLambda ? invoke(proc, next) : callFunction(proc as string, next, context);
  }
  return result;
}

/** applyProcedure: a frame over the lambda's own, parameters bound, the body in its own context. */
function invoke(lambda: SyncLambda, args: unknown[]): unknown {
  const frame = new Frame(lambda.frame);
  lambda.params.forEach((param, i) => frame.bind(param, args[i]));
  return lambda.body(lambda.input, frame);
}
