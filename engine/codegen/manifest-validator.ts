import standaloneCode from 'ajv/dist/standalone/index.js';
import { manifestSchema } from '../manifest/schema.js';
import { compileManifestSchema, schemaDigest } from '../manifest/schema-validator.js';

/** The validator's file: a pack of this name would overwrite it (checks.ts refuses one). */
export const VALIDATOR_FILE = 'manifest-validator.ts';

/**
 * `generated/manifest-validator.ts`: ajv's compile of the manifest schema as a module (ajv
 * standalone code, https://ajv.js.org/standalone.html), so that a process checking manifests loads
 * the validator instead of compiling it. `schema.ts` uses it only while its digest matches the
 * schema; `toolgate generate --check` in CI keeps it current.
 */
export function renderManifestValidator(header: string): string {
  const { ajv, validate } = compileManifestSchema(manifestSchema, { code: { source: true, esm: true } });
  // ajv's ES module output still `require`s its runtime helpers (equal, ucs2length).
  const code = standaloneCode.default(ajv, validate).replace(/^"use strict";/, '');
  return [
    header,
    '// @ts-nocheck: ajv standalone code (plain JavaScript), checked by the tests against ajv\'s own compile.',
    "import { createRequire } from 'node:module';",
    '',
    'const require = createRequire(import.meta.url);',
    `export const SCHEMA_DIGEST = ${JSON.stringify(schemaDigest(manifestSchema))};`,
    code,
    '',
  ].join('\n');
}
