import { fail } from '../http/errors.js';
import type { ObjectDef } from '../objects/index.js';
import { aliasOf, asBody, integerOf, operatorOf, orderByOf, stringList, valuesOf, whereOf } from './parse-common.js';
import type { ConditionSpec, QuerySpec } from './to-sql.js';

export const MAX_LIMIT = 5000;
export const DEFAULT_LIMIT = 100;

/** Body of `POST /v1/data/objects/query/{Object}` → a QuerySpec. */
export function parseDataQuery(object: ObjectDef, raw: unknown): QuerySpec {
  const body = asBody(raw);
  const { conditions, expression } = whereOf(body);
  const limit = integerOf(body.limit, 'limit', DEFAULT_LIMIT, 1);
  if (limit > MAX_LIMIT) throw fail.limitExceeded(`limit ${limit} is above the maximum of ${MAX_LIMIT}; page with offset`);
  return {
    object,
    // Gainsight requires select; the sandbox falls back to the object's own fields.
    select: stringList(body.select, 'select') ?? object.fields.map((f) => f.name),
    conditions: conditions.map((condition, index): ConditionSpec => {
      if (typeof condition.name !== 'string') throw fail.malformed(`Condition ${index + 1}: "name" must be a field name`);
      const operator = operatorOf(condition.operator, index);
      return { path: condition.name, alias: aliasOf(condition, index), operator, values: valuesOf(condition, operator, index) };
    }),
    expression,
    orderBy: orderByOf(body.orderBy),
    limit,
    offset: integerOf(body.offset, 'offset', 0, 0),
    withTotal: false,
  };
}
