import { fail } from '../http/errors.js';
import type { ObjectDef } from '../objects/index.js';
import { expandLiterals, type LiteralContext } from './literals.js';
import { aliasOf, asBody, integerOf, operatorOf, orderByOf, stringList, valuesOf, whereOf } from './parse-common.js';
import { JoinPlan } from './paths.js';
import type { ConditionSpec, QuerySpec } from './to-sql.js';

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 50;

export interface CockpitQuery {
  spec: QuerySpec;
  pageNumber: number;
  pageSize: number;
}

/**
 * Body of the Cockpit list endpoints (CTA, task, success plan): `fieldName` conditions with
 * relative literals, `pageSize`/`pageNumber` paging. Unlike Gainsight's own CTA list, `select` is
 * honoured; unknown select fields answer COCKPIT_5101.
 */
export function parseCockpitList(
  object: ObjectDef,
  raw: unknown,
  defaults: { select: readonly string[]; orderBy: QuerySpec['orderBy'] },
  ctx: LiteralContext,
): CockpitQuery {
  const body = asBody(raw);
  const { conditions, expression } = whereOf(body);
  const pageSize = integerOf(body.pageSize, 'pageSize', DEFAULT_PAGE_SIZE, 1);
  if (pageSize > MAX_PAGE_SIZE) throw fail.limitExceeded(`pageSize ${pageSize} is above the maximum of ${MAX_PAGE_SIZE}`);
  const pageNumber = integerOf(body.pageNumber, 'pageNumber', 1, 1);
  const fields = new JoinPlan(object);
  const orderBy = orderByOf(body.orderBy);
  const spec: QuerySpec = {
    object,
    select: stringList(body.select, 'select') ?? defaults.select,
    conditions: conditions.map((condition, index): ConditionSpec => {
      const path = condition.fieldName ?? condition.name;
      if (typeof path !== 'string') throw fail.malformed(`Condition ${index + 1}: "fieldName" must be a field name`);
      const operator = operatorOf(condition.operator, index);
      const raw = condition.literal !== undefined && condition.value === undefined ? [] : valuesOf(condition, operator, index);
      const expanded = expandLiterals(fields.resolve(path).field, operator, raw, condition.literal, ctx);
      return { path, alias: aliasOf(condition, index), ...expanded };
    }),
    expression,
    orderBy: orderBy.length > 0 ? orderBy : defaults.orderBy,
    limit: pageSize,
    offset: (pageNumber - 1) * pageSize,
    withTotal: true,
    selectError: fail.invalidSelect,
  };
  return { spec, pageNumber, pageSize };
}
