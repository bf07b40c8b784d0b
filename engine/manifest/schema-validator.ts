import { createHash } from 'node:crypto';
import type { Ajv, ErrorObject, Options, ValidateFunction } from 'ajv';
import { requireCommonJs } from '../require-commonjs.js';

const { Ajv: AjvClass } = requireCommonJs('ajv');

/**
 * How the manifest schema is compiled, at run time and by `toolgate generate` alike: the generated
 * validator (generated/manifest-validator.ts) is this compile's code, written out.
 */
export const MANIFEST_AJV_OPTIONS: Options = { allErrors: true, discriminator: true, strict: true, keywords: ['tsType'] };

/** What the generated validator was generated from: it is used only for the schema it was made of. */
export function schemaDigest(schema: object): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(schema)).digest('hex')}`;
}

/** ajv's own compile of the schema (~70 ms): what the generated validator saves each process. */
export function compileManifestSchema(schema: object, options: Options = {}): { ajv: Ajv; validate: ValidateFunction } {
  const ajv = new AjvClass({ ...MANIFEST_AJV_OPTIONS, ...options });
  return { ajv, validate: ajv.compile(schema) };
}

/** A validator as schema.ts uses it: call it, then read `errors` when it returned false. */
export interface ManifestValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * The generated validator when it was made of `schema`; ajv's compile of `schema` otherwise, for a
 * schema edited since (`toolgate generate --check` fails in CI until the file is regenerated).
 */
export function selectManifestValidator(generated: { SCHEMA_DIGEST: string; validate: ManifestValidator }, schema: object): ManifestValidator {
  return generated.SCHEMA_DIGEST === schemaDigest(schema) ? generated.validate : compileManifestSchema(schema).validate;
}
