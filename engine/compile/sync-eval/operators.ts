import { BAIL, isDeepEqual, isNumeric, type Seq } from './runtime.js';

/**
 * JSONata 2.x's binary operators (jsonata.js evaluateBinary and the functions it calls), with
 * every error it raises replaced by BAIL. `and`/`or` short-circuit, so the node compiler does them.
 */
export type BinaryOperator = (lhs: unknown, rhs: unknown) => unknown;

function numeric(op: (l: number, r: number) => number): BinaryOperator {
  return (lhs, rhs) => {
    if (lhs !== undefined && !isNumeric(lhs)) throw BAIL;
    if (rhs !== undefined && !isNumeric(rhs)) throw BAIL;
    if (lhs === undefined || rhs === undefined) return undefined;
    return op(lhs as number, rhs as number);
  };
}

function comparison(op: (l: string | number, r: string | number) => boolean): BinaryOperator {
  return (lhs, rhs) => {
    const ltype = typeof lhs;
    const rtype = typeof rhs;
    const lcomparable = ltype === 'undefined' || ltype === 'string' || ltype === 'number';
    const rcomparable = rtype === 'undefined' || rtype === 'string' || rtype === 'number';
    if (!lcomparable || !rcomparable) throw BAIL;
    if (ltype === 'undefined' || rtype === 'undefined') return undefined;
    if (ltype !== rtype) throw BAIL;
    return op(lhs as string | number, rhs as string | number);
  };
}

/** evaluateRangeExpression: a sequence of the integers from lhs to rhs. */
function range(lhs: unknown, rhs: unknown): unknown {
  if (lhs !== undefined && !Number.isInteger(lhs)) throw BAIL;
  if (rhs !== undefined && !Number.isInteger(rhs)) throw BAIL;
  if (lhs === undefined || rhs === undefined) return undefined;
  const from = lhs as number;
  const to = rhs as number;
  if (from > to) return undefined;
  const size = to - from + 1;
  if (size > 1e7) throw BAIL;
  const result: Seq = new Array(size);
  for (let item = from, index = 0; item <= to; item++, index++) result[index] = item;
  result.sequence = true;
  return result;
}

/** evaluateIncludesExpression: strict equality with the right side or one of its items. */
function includes(lhs: unknown, rhs: unknown): boolean {
  if (lhs === undefined || rhs === undefined) return false;
  const list = Array.isArray(rhs) ? rhs : [rhs];
  for (let i = 0; i < list.length; i++) if (list[i] === lhs) return true;
  return false;
}

export const BINARY_OPERATORS: Readonly<Record<string, BinaryOperator>> = {
  '+': numeric((l, r) => l + r),
  '-': numeric((l, r) => l - r),
  '*': numeric((l, r) => l * r),
  '/': numeric((l, r) => l / r),
  '%': numeric((l, r) => l % r),
  '=': (lhs, rhs) => (lhs === undefined || rhs === undefined ? false : isDeepEqual(lhs, rhs)),
  '!=': (lhs, rhs) => (lhs === undefined || rhs === undefined ? false : !isDeepEqual(lhs, rhs)),
  '<': comparison((l, r) => l < r),
  '<=': comparison((l, r) => l <= r),
  '>': comparison((l, r) => l > r),
  '>=': comparison((l, r) => l >= r),
  '..': range,
  in: includes,
};
