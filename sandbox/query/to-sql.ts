import { fail, type SandboxError } from '../http/errors.js';
import type { ObjectDef } from '../objects/index.js';
import { aliasesIn, expressionSql, parseExpression } from './expression.js';
import { conditionSql, type Operator } from './operators.js';
import { JoinPlan, ROOT_ALIAS, type ResolvedPath } from './paths.js';

export interface ConditionSpec {
  path: string;
  alias: string | undefined;
  operator: Operator;
  values: readonly unknown[];
}

/** A query after request parsing, independent of which API (generic or Cockpit) it came from. */
export interface QuerySpec {
  object: ObjectDef;
  select: readonly string[];
  conditions: readonly ConditionSpec[];
  expression: string | undefined;
  orderBy: readonly { path: string; direction: 'asc' | 'desc' }[];
  limit: number;
  offset: number;
  /** Also return the number of matching rows (Cockpit lists report a total). */
  withTotal: boolean;
  /** Error for unknown select fields (Cockpit answers COCKPIT_5101, the generic API GSOBJ_1002). */
  selectError?: (paths: string[]) => SandboxError;
}

export interface BuiltQuery {
  text: string;
  params: unknown[];
  /** What each row carries, in order: read the values with `selectedValues`. */
  columns: ResolvedPath[];
}

/** PostgreSQL's limit on a function's arguments (FUNC_MAX_ARGS), so on one json_build_array. */
const PER_ARRAY = 100;

/**
 * The selected values of a result row, in select order. A row carries them as JSON arrays (`r0`,
 * and `r1`… past 100 columns) rather than one column each: the database driver decodes and parses
 * each column of each row on its own, one JSON text per row is far cheaper to take apart, and JSON
 * keeps text, numbers, booleans, nulls and arrays as they are. Dates come as 'yyyy-MM-dd' as
 * before; timestamps come as ISO 8601 text (format.ts).
 */
export function selectedValues(row: Record<string, unknown>, columns: number): unknown[] {
  if (columns <= PER_ARRAY) return (row.r0 as unknown[] | undefined) ?? [];
  const values: unknown[] = [];
  for (let k = 0; k * PER_ARRAY < columns; k += 1) values.push(...(row[`r${k}`] as unknown[]));
  return values;
}

/** Builds one parameterised SELECT. Identifiers come from the whitelists, values only from `bind`. */
export function buildQuery(spec: QuerySpec): BuiltQuery {
  const plan = new JoinPlan(spec.object);
  const params: unknown[] = [];
  const bind = (value: unknown) => `$${params.push(value)}`;

  const columns = resolveSelect(plan, spec);
  const where = whereSql(plan, spec, bind);
  const order = spec.orderBy.map(({ path, direction }) => {
    const resolved = plan.resolve(path);
    return `${resolved.sql} ${direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`;
  });
  // A final key on Gsid makes pages stable when the requested order has ties.
  order.push(`${ROOT_ALIAS}.gsid ASC`);

  const selectList: string[] = [];
  for (let k = 0; k * PER_ARRAY < columns.length; k += 1) {
    const chunk = columns.slice(k * PER_ARRAY, (k + 1) * PER_ARRAY);
    selectList.push(`json_build_array(${chunk.map((c) => c.sql).join(', ')}) AS r${k}`);
  }
  if (spec.withTotal) selectList.push('count(*) OVER () AS total_count');
  const text = [
    `SELECT ${selectList.join(', ')}`,
    `FROM ${plan.fromSql()}`,
    where ? `WHERE ${where}` : '',
    `ORDER BY ${order.join(', ')}`,
    `LIMIT ${bind(spec.limit)} OFFSET ${bind(spec.offset)}`,
  ].filter(Boolean).join(' ');
  return { text, params, columns };
}

function resolveSelect(plan: JoinPlan, spec: QuerySpec): ResolvedPath[] {
  const unknown: string[] = [];
  const columns: ResolvedPath[] = [];
  for (const path of spec.select) {
    const resolved = plan.tryResolve(path);
    if (resolved) columns.push(resolved);
    else unknown.push(path);
  }
  if (unknown.length > 0) {
    throw spec.selectError?.(unknown) ?? fail.invalidField(unknown.join(', '), spec.object.name);
  }
  return columns;
}

function whereSql(plan: JoinPlan, spec: QuerySpec, bind: (value: unknown) => string): string {
  if (spec.conditions.length === 0) {
    if (spec.expression?.trim()) throw fail.invalidExpression('expression given without conditions');
    return '';
  }
  const byAlias = new Map<string, string>();
  const fragments = spec.conditions.map((condition, index) => {
    const resolved = plan.resolve(condition.path);
    const sql = conditionSql(
      { field: resolved.field, ref: resolved.sql, label: condition.path, operator: condition.operator, values: condition.values },
      bind,
    );
    if (condition.alias !== undefined) {
      if (byAlias.has(condition.alias)) throw fail.invalidExpression(`alias ${condition.alias} is used by two conditions`);
      byAlias.set(condition.alias, sql);
    } else if (spec.expression?.trim()) {
      throw fail.invalidExpression(`condition ${index + 1} (${condition.path}) has no alias but an expression is given`);
    }
    return sql;
  });
  if (!spec.expression?.trim()) return fragments.map((f) => `(${f})`).join(' AND ');
  const expr = parseExpression(spec.expression, new Set(byAlias.keys()));
  const used = aliasesIn(expr);
  const unused = [...byAlias.keys()].filter((alias) => !used.has(alias));
  if (unused.length > 0) throw fail.invalidExpression(`conditions ${unused.join(', ')} are not used in the expression`);
  return expressionSql(expr, (alias) => `(${byAlias.get(alias) ?? 'FALSE'})`);
}
