import type { ErrorObject } from 'ajv';
import { requireCommonJs } from '../../require-commonjs.js';

const { Ajv } = requireCommonJs('ajv');
const addFormats = requireCommonJs('ajv-formats').default;

/**
 * Tool schemas are checked in two steps, because compiling one with ajv costs ~0.5 ms and lint
 * must stay fast for a thousand tools: the meta-schema check (microseconds) for every schema,
 * a compile only where a validator is needed (examples to check, `$ref`s to resolve).
 */
const metaAjv = new Ajv({ allErrors: true, strict: false, logger: false });
const compileAjv = new Ajv({
  allErrors: true,
  strict: false,
  logger: false,
  // Checked by metaAjv first; no need to keep every anonymous schema in ajv's registry.
  validateSchema: false,
  addUsedSchema: false,
  code: { optimize: false },
});
addFormats(compileAjv);

export const knownFormats: ReadonlySet<string> = new Set(Object.keys(compileAjv.formats));

/** Errors of the schema against the JSON Schema draft-07 meta-schema; [] when it is valid. */
export function metaSchemaErrors(schema: unknown): ErrorObject[] {
  if (metaAjv.validateSchema(schema as object)) return [];
  return metaAjv.errors ?? [];
}

/** A compiled schema: `check` returns the errors of a value, [] when it is valid. */
export type CompiledSchema = { check(value: unknown): ErrorObject[] } | { error: string };

const cache = new Map<string, CompiledSchema>();
/** Most of a compile is fixed cost (code generation, `new Function`), so schemas are compiled in groups. */
const BATCH = 16;

/**
 * Compile schemas (each already valid against the meta-schema), once per distinct schema:
 * annotations such as descriptions are not part of the identity, since tools often share the same
 * shapes under different wording.
 */
export function compileSchemas(schemas: readonly object[]): CompiledSchema[] {
  if (cache.size > 5_000) cache.clear();
  const keys = schemas.map(schemaKey);
  const pending = new Map<string, object>();
  keys.forEach((key, i) => {
    if (!cache.has(key)) pending.set(key, schemas[i]!);
  });
  // A `$ref` or `$id` resolves against its own root, so such a schema is compiled on its own.
  const alone = [...pending].filter(([key]) => /"\$(ref|id|schema)"/.test(key));
  const grouped = [...pending].filter(([key]) => !/"\$(ref|id|schema)"/.test(key));
  for (const entry of alone) cache.set(entry[0], compileOne(entry[1]));
  for (let i = 0; i < grouped.length; i += BATCH) compileGroup(grouped.slice(i, i + BATCH));
  return keys.map((key) => cache.get(key)!);
}

export function compileSchema(schema: object): CompiledSchema {
  return compileSchemas([schema])[0]!;
}

function compileOne(schema: object): CompiledSchema {
  try {
    const validate = compileAjv.compile(schema);
    return { check: (value) => (validate(value) ? [] : [...(validate.errors ?? [])]) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** One validator for a group: each schema is a property `sN` of an object, checked on its own. */
function compileGroup(group: Array<[string, object]>): void {
  let validate;
  try {
    validate = compileAjv.compile({ type: 'object', properties: Object.fromEntries(group.map(([, s], n) => [`s${n}`, s])) });
  } catch {
    for (const [key, schema] of group) cache.set(key, compileOne(schema));
    return;
  }
  group.forEach(([key], n) => {
    const prefix = `/s${n}`;
    cache.set(key, {
      check(value) {
        if (validate({ [`s${n}`]: value })) return [];
        return (validate.errors ?? []).map((e) => ({ ...e, instancePath: e.instancePath.slice(prefix.length) }));
      },
    });
  });
}

/** The runtime refuses unknown arguments, whatever the schema says (DESIGN: "no unknown fields"). */
export function closedInputSchema(schema: object): object {
  return { ...schema, additionalProperties: false };
}

const ANNOTATIONS = new Set(['description', 'title', '$comment']);
const DATA = new Set(['enum', 'const', 'default', 'examples']);

/** The schema as JSON without its string annotations; data keywords (`const`…) are kept whole. */
function schemaKey(schema: unknown): string {
  if (Array.isArray(schema)) return `[${schema.map(schemaKey).join(',')}]`;
  if (schema === null || typeof schema !== 'object') return JSON.stringify(schema) ?? 'null';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(schema)) {
    if (ANNOTATIONS.has(k) && typeof v === 'string') continue;
    parts.push(`${JSON.stringify(k)}:${DATA.has(k) ? JSON.stringify(v) : schemaKey(v)}`);
  }
  return `{${parts.join(',')}}`;
}
