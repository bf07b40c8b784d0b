import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';

/**
 * Tool schemas are checked in two steps, because compiling one with ajv costs ~0.4 ms and lint
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
formats.default(compileAjv);

export const knownFormats: ReadonlySet<string> = new Set(Object.keys(compileAjv.formats));

/** Errors of the schema against the JSON Schema draft-07 meta-schema; [] when it is valid. */
export function metaSchemaErrors(schema: unknown): ErrorObject[] {
  if (metaAjv.validateSchema(schema as object)) return [];
  return metaAjv.errors ?? [];
}

export type CompiledSchema = { validate: ValidateFunction } | { error: string };

const compiled = new Map<string, CompiledSchema>();

/** Compile once per distinct schema text; a schema that fails the meta-schema is never compiled. */
export function compileSchema(schema: object): CompiledSchema {
  const key = JSON.stringify(schema);
  let result = compiled.get(key);
  if (!result) {
    if (compiled.size > 5_000) compiled.clear();
    try {
      result = { validate: compileAjv.compile(schema) };
    } catch (error) {
      result = { error: (error as Error).message };
    }
    compiled.set(key, result);
  }
  return result;
}

/** The runtime refuses unknown arguments, whatever the schema says (DESIGN: "no unknown fields"). */
export function closedInputSchema(schema: object): object {
  return { ...schema, additionalProperties: false };
}
