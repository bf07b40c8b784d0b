import type { ToolManifest } from '../../generated/manifest.js';
import { pascalCase } from './names.js';

type Schema = Record<string, unknown>;

/** Keywords whose values are data, not schemas: a `$ref` inside them is not a reference. */
const DATA_KEYWORDS = new Set(['const', 'default', 'enum', 'examples']);
/** Keywords whose values map arbitrary names (which may be `enum` or `$ref`) to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependencies']);

export interface ToolDefinitions {
  inputName: string;
  outputName: string;
  /** Definitions to merge into the pack's root schema. */
  definitions: Record<string, Schema>;
}

/**
 * The tool's input and output schemas as two definitions of the pack's root schema, so that the
 * whole pack compiles in one json-schema-to-typescript run (one run per tool costs a dereference
 * and a prettier pass each; one per pack keeps 1,000 tools in seconds).
 */
export function toolDefinitions(tool: ToolManifest): ToolDefinitions {
  const base = pascalCase(tool.name);
  const inputName = `${base}Input`;
  const outputName = `${base}Output`;
  return {
    inputName,
    outputName,
    definitions: {
      [inputName]: inputSchema(tool.input, inputName),
      [outputName]: embed(tool.response.output, outputName),
    },
  };
}

/** The runtime refuses unknown arguments, so the input type is closed whatever the manifest says. */
function inputSchema(input: object, name: string): Schema {
  const schema = embed(input, name);
  schema.additionalProperties = false;
  const properties = schema.properties as Schema | undefined;
  const open = properties && Object.keys(properties).length > 0;
  // `{}` would accept any object literal (no excess-property check on an empty type).
  if (!open && schema.patternProperties === undefined) schema.tsType = 'Record<string, never>';
  return schema;
}

/** A copy titled with our type name, its local `$ref`s re-rooted at its definition. */
function embed(schema: object, name: string): Schema {
  const copy = rebase(schema, `#/definitions/${name}`) as Schema;
  delete copy.$id;
  delete copy.$schema;
  copy.title = name;
  return copy;
}

function rebase(value: unknown, root: string, keyedSchemas = false): unknown {
  if (Array.isArray(value)) return value.map((item) => rebase(item, root));
  if (value === null || typeof value !== 'object') return value;
  const out: Schema = {};
  for (const [key, child] of Object.entries(value)) {
    if (keyedSchemas) out[key] = rebase(child, root);
    else if (key === '$ref' && typeof child === 'string' && child.startsWith('#')) out[key] = root + child.slice(1);
    else if (DATA_KEYWORDS.has(key)) out[key] = structuredClone(child);
    else out[key] = rebase(child, root, SCHEMA_MAPS.has(key));
  }
  return out;
}

/** Every `$ref` in a schema with its path, following the same keyword rules as the rebasing. */
export function schemaRefs(value: unknown, at: Array<string | number> = [], keyedSchemas = false): Array<{ path: Array<string | number>; ref: string }> {
  if (Array.isArray(value)) return value.flatMap((item, i) => schemaRefs(item, [...at, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    if (!keyedSchemas && key === '$ref' && typeof child === 'string') return [{ path: [...at, key], ref: child }];
    if (!keyedSchemas && DATA_KEYWORDS.has(key)) return [];
    return schemaRefs(child, [...at, key], !keyedSchemas && SCHEMA_MAPS.has(key));
  });
}
