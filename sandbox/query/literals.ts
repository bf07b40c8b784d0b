import { fail } from '../http/errors.js';
import type { FieldDef } from '../objects/index.js';
import type { Operator } from './operators.js';

/** What Cockpit's relative literals are relative to: the sandbox clock and the caller's user. */
export interface LiteralContext {
  today: string;
  currentUserId: string;
}

const DAY_OFFSET: Record<string, number> = { TODAY: 0, YESTERDAY: -1, TOMORROW: 1 };
const RANGE = /^(LAST|NEXT)_N_DAYS(?::(\d+))?$/;

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const startOf = (day: string) => `${day}T00:00:00.000Z`;
const endOf = (day: string) => `${day}T23:59:59.999Z`;

/**
 * Cockpit conditions may use TODAY, YESTERDAY, TOMORROW, LAST_N_DAYS, NEXT_N_DAYS (date fields)
 * and CURRENT_USER (user lookups), either as `"literal": "LAST_N_DAYS", "value": [7]` or inside
 * `value` (`["TODAY"]`, `["LAST_N_DAYS:7"]`). Returns the condition with plain values. On datetime
 * fields a day literal means the whole UTC day, so `EQ TODAY` matches any time today.
 */
export function expandLiterals(
  field: FieldDef,
  operator: Operator,
  values: readonly unknown[],
  literal: unknown,
  ctx: LiteralContext,
): { operator: Operator; values: unknown[] } {
  if (literal !== undefined && literal !== null) {
    const name = String(literal).toUpperCase();
    const range = RANGE.exec(name);
    if (range) return nDays(field, range[1] === 'LAST', values[0], ctx);
    return expandLiterals(field, operator, [name, ...values.slice(1)], undefined, ctx);
  }
  const isDate = field.type === 'date' || field.type === 'datetime';
  const first = typeof values[0] === 'string' ? values[0].toUpperCase() : undefined;
  const range = isDate && first ? RANGE.exec(first) : null;
  if (range) return nDays(field, range[1] === 'LAST', range[2] ?? values[1], ctx);
  const expanded = values.map((value) => {
    const token = typeof value === 'string' ? value.toUpperCase() : undefined;
    if (token === 'CURRENT_USER' && field.lookup === 'gsuser') return ctx.currentUserId;
    if (isDate && token !== undefined && token in DAY_OFFSET) return addDays(ctx.today, DAY_OFFSET[token] ?? 0);
    return value;
  });
  const usedDay = isDate && values.some((v) => typeof v === 'string' && v.toUpperCase() in DAY_OFFSET);
  if (!usedDay || field.type !== 'datetime') return { operator, values: expanded };
  return wholeDays(operator, expanded as string[]);
}

function nDays(field: FieldDef, past: boolean, rawN: unknown, ctx: LiteralContext) {
  const n = Number(rawN);
  if (!Number.isInteger(n) || n < 0) throw fail.invalidValue(field.name, 'N_DAYS literals need a whole number of days, e.g. "value": [30]');
  if (field.type !== 'date' && field.type !== 'datetime') throw fail.invalidValue(field.name, 'a date field for N_DAYS literals');
  const [from, to] = past ? [addDays(ctx.today, -n), ctx.today] : [ctx.today, addDays(ctx.today, n)];
  const values = field.type === 'datetime' ? [startOf(from), endOf(to)] : [from, to];
  return { operator: 'BTW' as Operator, values };
}

function wholeDays(operator: Operator, days: string[]): { operator: Operator; values: unknown[] } {
  const [day = '', second = day] = days;
  switch (operator) {
    case 'EQ': return { operator: 'BTW', values: [startOf(day), endOf(day)] };
    case 'LT':
    case 'GTE': return { operator, values: [startOf(day)] };
    case 'LTE':
    case 'GT': return { operator, values: [endOf(day)] };
    case 'BTW': return { operator, values: [startOf(day), endOf(second)] };
    default: throw fail.invalidOperator(`Operator ${operator} cannot be used with a day literal on a datetime field`);
  }
}
