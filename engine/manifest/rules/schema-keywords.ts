import type { JsonPath } from '../source.js';

/** Draft-07 keywords, plus annotations that JSON Schema tools commonly accept. */
const KNOWN = new Set([
  '$id', '$schema', '$ref', '$comment', 'title', 'description', 'default', 'readOnly', 'writeOnly', 'examples',
  'deprecated', 'type', 'enum', 'const', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'format', 'contentMediaType', 'contentEncoding', 'items', 'additionalItems',
  'maxItems', 'minItems', 'uniqueItems', 'contains', 'maxProperties', 'minProperties', 'required', 'properties',
  'patternProperties', 'additionalProperties', 'dependencies', 'propertyNames', 'if', 'then', 'else', 'allOf',
  'anyOf', 'oneOf', 'not', 'definitions', '$defs',
]);
const ONE = ['additionalItems', 'additionalProperties', 'contains', 'propertyNames', 'if', 'then', 'else', 'not'];
const MANY = ['allOf', 'anyOf', 'oneOf'];
const MAP = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'];

export interface SchemaNodeVisitor {
  /** A keyword the validator does not know: usually a typo that silently checks nothing. */
  unknownKeyword(path: JsonPath, keyword: string): void;
  format(path: JsonPath, format: string): void;
  ref(path: JsonPath, target: unknown): void;
}

/** Walk every subschema (not `enum`, `default` or other data) of a JSON Schema. */
export function walkSchema(schema: unknown, path: JsonPath, visitor: SchemaNodeVisitor): void {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return;
  const node = schema as Record<string, unknown>;
  for (const [keyword, value] of Object.entries(node)) {
    const at = [...path, keyword];
    // `x-…` is the usual vendor-extension prefix: deliberate, not a typo.
    if (!KNOWN.has(keyword)) {
      if (!keyword.startsWith('x-')) visitor.unknownKeyword(at, keyword);
    }
    else if (keyword === 'format' && typeof value === 'string') visitor.format(at, value);
    else if (keyword === '$ref') visitor.ref(at, value);
    else if (keyword === 'items' && Array.isArray(value)) value.forEach((s, i) => walkSchema(s, [...at, i], visitor));
    else if (keyword === 'items' || ONE.includes(keyword)) walkSchema(value, at, visitor);
    else if (MANY.includes(keyword) && Array.isArray(value)) value.forEach((s, i) => walkSchema(s, [...at, i], visitor));
    else if (MAP.includes(keyword) && value && typeof value === 'object')
      for (const [name, sub] of Object.entries(value)) walkSchema(sub, [...at, name], visitor);
  }
}
