import type { Pack } from '../manifest/packs.js';
import { schemaToTypes } from './json-to-ts.js';
import { compareCodeUnits, packNames } from './names.js';
import { toolDefinitions } from './tool-schemas.js';

/**
 * `generated/<service>.ts`: per tool an input and an output type, the name → { input, output }
 * map, the union of names and the names as a runtime array. One compile per pack: the map is the
 * root schema and every tool's schemas are its definitions.
 */
export async function renderPackTypes(pack: Pack, header: string): Promise<string> {
  const service = pack.service.manifest;
  const names = packNames(service.name);
  const tools = pack.tools.map((t) => t.manifest).sort((a, b) => compareCodeUnits(a.name, b.name));
  const properties: Record<string, object> = {};
  const definitions: Record<string, object> = {};
  for (const tool of tools) {
    const defs = toolDefinitions(tool);
    Object.assign(definitions, defs.definitions);
    properties[tool.name] = {
      description: tool.title,
      type: 'object',
      additionalProperties: false,
      required: ['input', 'output'],
      properties: {
        input: { $ref: `#/definitions/${defs.inputName}` },
        output: { $ref: `#/definitions/${defs.outputName}` },
      },
    };
  }
  const root = {
    title: names.tools,
    description: `The tools of the ${service.name} pack, by name: what each takes and what its structuredContent holds.`,
    type: 'object',
    additionalProperties: false,
    required: tools.map((t) => t.name),
    properties,
    definitions,
  };
  const types = await schemaToTypes(root, names.tools);
  assertDeclared(types, [names.tools, ...Object.keys(definitions)], names.toolName);
  const list = tools.map((t) => `  ${JSON.stringify(t.name)},\n`).join('');
  const nameList = tools.length === 0 ? '[]' : `[\n${list}]`;
  return `${header}
/** Every tool of the ${service.name} pack, sorted by name. */
export const ${names.toolNames} = ${nameList} as const;
export type ${names.toolName} = (typeof ${names.toolNames})[number];

${types}`;
}

/**
 * The map refers to the tool types by name, and the name union is declared beside the compiler's
 * output: fail loudly if the compiler named a type otherwise, or if a `title` in some tool's
 * schema took the union's name.
 */
function assertDeclared(types: string, names: readonly string[], ours: string): void {
  const declared = new Set([...types.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]));
  const missing = names.filter((name) => !declared.has(name));
  if (missing.length > 0) throw new Error(`json-schema-to-typescript did not declare ${missing.join(', ')}; the generated names drifted.`);
  if (declared.has(ours)) throw new Error(`A schema title in the pack declares ${ours}, which names the pack's tool-name union; rename that title.`);
}
