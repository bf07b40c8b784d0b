import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';

/** A validator as the runtime uses it: call it, and read `errors` after it returned false. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * A tool schema compiled by ajv on its first use instead of at start-up. A compile is code
 * generation plus `new Function`, about 1-2 ms and tens of KB of heap per schema, two schemas per
 * tool: with a thousand tools, compiling them all made start-up take seconds and held validators
 * for tools nobody calls. Whether a schema is sound is still settled at start-up: the linter runs
 * before the registry is built, checks each schema against the draft-07 meta-schema and its
 * formats, and compiles the ones whose `$ref`s must resolve, so a lint-clean schema compiles.
 */
export function lazyValidator(ajv: Ajv, schema: object): Validator {
  let compiled: ValidateFunction | undefined;
  const validate: Validator = (data) => {
    compiled ??= ajv.compile(schema);
    const valid = compiled(data) as boolean;
    validate.errors = compiled.errors;
    return valid;
  };
  return validate;
}
