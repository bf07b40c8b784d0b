import { PLAIN, type Node } from './ast.js';
import { compile, type Context, type Eval } from './compile.js';
import { append, BAIL, createSequence } from './runtime.js';

/**
 * `[ … ]`: every item is evaluated (JSONata runs them under one Promise.all, so no item may bind
 * a variable), then each value is appended (flattened) in order, a nested `[ … ]` kept whole.
 */
export function arrayOf(n: Node, c: Context): Eval {
  const inner: Context = { ...c, concurrent: true };
  const items = n.expressions!.map((item) => ({ evaluate: compile(item, inner), whole: item.value === '[' }));
  const cons = n.consarray === true;
  return (input, frame) => {
    const values = items.map((item) => item.evaluate(input, frame));
    let result: unknown[] = [];
    values.forEach((value, i) => {
      if (value === undefined) return;
      if (items[i]!.whole) result.push(value);
      else result = append(result, value) as unknown[];
    });
    if (cons) Object.defineProperty(result, 'cons', { enumerable: false, configurable: false, value: true });
    return result;
  };
}

interface Group {
  data: unknown;
  exprIndex: number;
}

/**
 * `{ key: value, … }`, JSONata's evaluateGroupExpression: each item of the context is grouped by
 * each key; each value is evaluated once per key, over the items of its group, in Object.keys order
 * of the keys (integer-like keys first, as any JS object orders them). With distinct literal keys
 * and one item, that is just the keys in that order.
 */
export function objectOf(n: Node, c: Context): Eval {
  const inner: Context = { ...c, concurrent: true };
  const pairs = (n.lhs as [Node, Node][]).map(([key, value]) => [compile(key, inner), compile(value, inner)] as const);
  const general: Eval = (input, frame) => {
    // JSONata would push `undefined` into an empty array context, changing the caller's data.
    if (Array.isArray(input) && input.length === 0) throw BAIL;
    const items = Array.isArray(input) ? input : createSequence(input);
    const groups: Record<string, Group> = Object.create(null);
    for (const item of items) {
      pairs.forEach(([keyOf], pairIndex) => {
        const key = keyOf(item, frame);
        if (typeof key !== 'string' && key !== undefined) throw BAIL;
        if (key === undefined) return;
        if (key === '_jsonata_lambda' || key === '_jsonata_function') throw BAIL;
        const group = groups[key];
        if (!group) groups[key] = { data: item, exprIndex: pairIndex };
        else if (group.exprIndex !== pairIndex) throw BAIL;
        else group.data = append(group.data, item);
      });
    }
    const keys = Object.keys(groups);
    const values = keys.map((key) => pairs[groups[key]!.exprIndex]![1](groups[key]!.data, frame));
    const result: Record<string, unknown> = Object.create(null);
    keys.forEach((key, i) => {
      if (values[i] !== undefined) result[key] = values[i];
    });
    return result;
  };
  const literal = literalKeys(n.lhs as [Node, Node][]);
  if (!literal) return general;
  const values = literal.map((i) => pairs[i]![1]);
  const keys = literal.map((i) => String((n.lhs as [Node, Node][])[i]![0].value));
  return (input, frame) => {
    if (Array.isArray(input)) return general(input, frame);
    const result: Record<string, unknown> = Object.create(null);
    for (let i = 0; i < keys.length; i++) {
      const value = values[i]!(input, frame);
      if (value !== undefined) result[keys[i]!] = value;
    }
    return result;
  };
}

/** The pair indexes in the order Object.keys gives their keys, when every key is a distinct string literal. */
function literalKeys(pairs: [Node, Node][]): number[] | undefined {
  const order: Record<string, number> = Object.create(null);
  for (const [i, [key]] of pairs.entries()) {
    if (key.type !== 'string' || Object.keys(key).some((k) => !PLAIN.has(k))) return undefined;
    const text = String(key.value);
    if (text in order || text === '_jsonata_lambda' || text === '_jsonata_function') return undefined;
    order[text] = i;
  }
  return Object.keys(order).map((text) => order[text]!);
}
