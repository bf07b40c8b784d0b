import { fail } from '../http/errors.js';
import { isOperator, type Operator } from './operators.js';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asBody(value: unknown): Json {
  if (value === undefined) return {};
  if (!isObject(value)) throw fail.malformed('Request body must be a JSON object');
  return value;
}

export function stringList(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) {
    throw fail.malformed(`"${name}" must be an array of field names`);
  }
  return value as string[];
}

export function operatorOf(value: unknown, index: number): Operator {
  if (!isOperator(value)) {
    throw fail.invalidOperator(`Condition ${index + 1}: unknown operator ${JSON.stringify(value)}`);
  }
  return value;
}

/** Values are always arrays in Gainsight's APIs; only IS_NULL / IS_NOT_NULL may leave them out. */
export function valuesOf(condition: Json, operator: Operator, index: number): unknown[] {
  const value = condition.value;
  if (value === undefined && (operator === 'IS_NULL' || operator === 'IS_NOT_NULL')) return [];
  if (!Array.isArray(value)) throw fail.malformed(`Condition ${index + 1}: "value" must be an array`);
  return value;
}

export function aliasOf(condition: Json, index: number): string | undefined {
  const alias = condition.alias;
  if (alias === undefined || alias === null) return undefined;
  if (typeof alias !== 'string' || !/^[A-Za-z0-9_]+$/.test(alias)) {
    throw fail.invalidExpression(`Condition ${index + 1}: alias must be letters, digits or _`);
  }
  return alias;
}

export function expressionOf(where: Json): string | undefined {
  const expression = where.expression;
  if (expression === undefined || expression === null || expression === '') return undefined;
  if (typeof expression !== 'string') throw fail.invalidExpression('"expression" must be a string');
  return expression;
}

/** `{"Arr": "desc", "Name": "asc"}`: keys in the order given. */
export function orderByOf(value: unknown): { path: string; direction: 'asc' | 'desc' }[] {
  if (value === undefined || value === null) return [];
  if (!isObject(value)) throw fail.malformed('"orderBy" must be an object like {"Name": "asc"}');
  return Object.entries(value).map(([path, dir]) => {
    const direction = typeof dir === 'string' ? dir.toLowerCase() : '';
    if (direction !== 'asc' && direction !== 'desc') throw fail.malformed(`orderBy ${path}: use "asc" or "desc"`);
    return { path, direction };
  });
}

export function integerOf(value: unknown, name: string, fallback: number, min: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw fail.malformed(`"${name}" must be an integer ≥ ${min}`);
  }
  return value;
}

export function whereOf(body: Json): { conditions: Json[]; expression: string | undefined } {
  const where = body.where;
  if (where === undefined || where === null) return { conditions: [], expression: undefined };
  if (!isObject(where)) throw fail.malformed('"where" must be an object');
  const conditions = where.conditions ?? [];
  if (!Array.isArray(conditions) || conditions.some((c) => !isObject(c))) {
    throw fail.malformed('"where.conditions" must be an array of objects');
  }
  return { conditions: conditions as Json[], expression: expressionOf(where) };
}
