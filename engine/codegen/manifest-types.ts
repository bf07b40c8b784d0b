import { manifestSchema } from '../manifest/schema.js';
import { schemaToTypes } from './json-to-ts.js';

/** `generated/manifest.ts`: the manifest documents' types, from the schema ajv validates with. */
export async function renderManifestTypes(header: string): Promise<string> {
  const types = await schemaToTypes(manifestSchema, 'ToolgateManifest', { unreachableDefinitions: true });
  return `${header}\n${types}`;
}
