import { fail } from '../http/errors.js';
import type { FieldDef, FieldType } from '../objects/index.js';
import { coerceValue } from './values.js';

export const OPERATORS = [
  'EQ', 'NE', 'LT', 'GT', 'LTE', 'GTE', 'BTW', 'IN', 'NOT_IN',
  'CONTAINS', 'STARTS_WITH', 'ENDS_WITH', 'IS_NULL', 'IS_NOT_NULL', 'INCLUDES', 'EXCLUDES',
] as const;
export type Operator = (typeof OPERATORS)[number];

const COMPARE = ['EQ', 'NE', 'LT', 'GT', 'LTE', 'GTE', 'BTW', 'IN', 'NOT_IN', 'IS_NULL', 'IS_NOT_NULL'] as const;
const allowed: Record<FieldType, readonly Operator[]> = {
  string: [...COMPARE, 'CONTAINS', 'STARTS_WITH', 'ENDS_WITH'],
  richtext: [...COMPARE, 'CONTAINS', 'STARTS_WITH', 'ENDS_WITH'],
  email: [...COMPARE, 'CONTAINS', 'STARTS_WITH', 'ENDS_WITH'],
  number: COMPARE,
  integer: COMPARE,
  date: COMPARE,
  datetime: COMPARE,
  boolean: ['EQ', 'NE', 'IS_NULL', 'IS_NOT_NULL'],
  gsid: ['EQ', 'NE', 'IN', 'NOT_IN', 'IS_NULL', 'IS_NOT_NULL'],
  picklist: ['EQ', 'NE', 'IN', 'NOT_IN', 'IS_NULL', 'IS_NOT_NULL'],
  multi: ['INCLUDES', 'EXCLUDES', 'IS_NULL', 'IS_NOT_NULL'],
};

/** Array casts for `= ANY($n)`: the element type must match the column for an index to be usable. */
const arrayType: Record<FieldType, string> = {
  string: 'text[]', richtext: 'text[]', email: 'text[]', gsid: 'text[]', picklist: 'text[]', multi: 'text[]',
  number: 'float8[]', integer: 'float8[]', boolean: 'boolean[]', date: 'date[]', datetime: 'timestamptz[]',
};

export function isOperator(value: unknown): value is Operator {
  return typeof value === 'string' && (OPERATORS as readonly string[]).includes(value);
}

const isText = (f: FieldDef) => f.type === 'string' || f.type === 'richtext' || f.type === 'email';

function likePattern(value: string, op: Operator): string {
  const escaped = value.replace(/[\\%_]/g, (c) => `\\${c}`);
  return op === 'STARTS_WITH' ? `${escaped}%` : op === 'ENDS_WITH' ? `%${escaped}` : `%${escaped}%`;
}

export interface ConditionInput {
  field: FieldDef;
  /** The qualified column, from the whitelist. */
  ref: string;
  label: string;
  operator: Operator;
  values: readonly unknown[];
}

/**
 * One condition as SQL. Every value becomes a parameter through `bind`. Text comparisons ignore
 * case (sandbox behaviour, inferred). NE and NOT_IN count NULL as "not equal", as a user expects.
 */
export function conditionSql(input: ConditionInput, bind: (value: unknown) => string): string {
  const { field, ref, label, operator: op } = input;
  if (!allowed[field.type].includes(op)) {
    throw fail.invalidOperator(`Operator ${op} is not supported for ${label} (${field.type}); use one of ${allowed[field.type].join(', ')}`);
  }
  if (op === 'IS_NULL') return field.type === 'multi' ? `(${ref} IS NULL OR cardinality(${ref}) = 0)` : `${ref} IS NULL`;
  if (op === 'IS_NOT_NULL') return field.type === 'multi' ? `cardinality(${ref}) > 0` : `${ref} IS NOT NULL`;

  const values = input.values.map((v) => coerceValue(field, v, label));
  const arity = op === 'BTW' ? 2 : ['IN', 'NOT_IN', 'INCLUDES', 'EXCLUDES'].includes(op) ? -1 : 1;
  if (arity === -1 ? values.length === 0 : values.length !== arity) {
    const expected = arity === -1 ? 'at least one value' : arity === 2 ? 'exactly two values' : 'exactly one value';
    throw fail.invalidOperator(`Operator ${op} on ${label} needs ${expected} in "value"`);
  }
  const [first] = values;
  if (first === null && (op === 'EQ' || op === 'NE')) return `${ref} IS ${op === 'EQ' ? '' : 'NOT '}NULL`;
  if (values.includes(null)) throw fail.invalidNull(label);

  const text = isText(field);
  const lower = (v: unknown) => (text ? String(v).toLowerCase() : v);
  const col = text ? `lower(${ref})` : ref;
  const list = () => bind(values.map((v) => (v instanceof Date ? v.toISOString() : lower(v))));
  switch (op) {
    case 'EQ': return `${col} = ${bind(lower(first))}`;
    case 'NE': return `${col} IS DISTINCT FROM ${bind(lower(first))}`;
    case 'LT': return `${ref} < ${bind(first)}`;
    case 'GT': return `${ref} > ${bind(first)}`;
    case 'LTE': return `${ref} <= ${bind(first)}`;
    case 'GTE': return `${ref} >= ${bind(first)}`;
    case 'BTW': return `${ref} BETWEEN ${bind(first)} AND ${bind(values[1])}`;
    case 'IN': return `${col} = ANY(${list()}::${arrayType[field.type]})`;
    case 'NOT_IN': return `(${ref} IS NULL OR NOT (${col} = ANY(${list()}::${arrayType[field.type]})))`;
    // What ILIKE does in a multibyte database (like.c, Generic_Text_IC_like: lower() of the text
    // and of the pattern, then LIKE), but the pattern is lowered once per statement (an InitPlan),
    // not once per row: the sandbox's name searches scan every row.
    case 'CONTAINS':
    case 'STARTS_WITH':
    case 'ENDS_WITH': return `lower(${ref}) LIKE (SELECT lower(${bind(likePattern(String(first), op))}))`;
    case 'INCLUDES': return `${ref} && ${list()}::text[]`;
    case 'EXCLUDES': return `NOT (coalesce(${ref}, '{}') && ${list()}::text[])`;
  }
  throw fail.invalidOperator(`Unknown operator ${String(op)}`);
}
