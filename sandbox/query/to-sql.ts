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
  columns: ResolvedPath[];
  /** The result column names, in order: `c0…cN` for `columns`, then `total_count` when asked for. */
  names: string[];
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

  const names = columns.map((_, i) => `c${i}`);
  const selectList = columns.map((c, i) => `${c.sql} AS ${names[i]}`);
  if (spec.withTotal) {
    names.push('total_count');
    selectList.push('count(*) OVER () AS total_count');
  }
  const text = [
    `SELECT ${selectList.join(', ')}`,
    `FROM ${plan.fromSql()}`,
    where ? `WHERE ${where}` : '',
    `ORDER BY ${order.join(', ')}`,
    `LIMIT ${bind(spec.limit)} OFFSET ${bind(spec.offset)}`,
  ].filter(Boolean).join(' ');
  return { text, params, columns, names };
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
