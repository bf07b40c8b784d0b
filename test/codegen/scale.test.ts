import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTypes } from '../../engine/codegen/generate.js';
import { tempPack, toolYaml } from './helpers.js';

const TOOLS = 1_000;

/** Every synthetic tool has nested objects, arrays, enums and required properties. */
function syntheticTool(i: number): string {
  const input = {
    type: 'object',
    required: ['id'],
    properties: {
      id: { type: 'string', description: 'The id.' },
      limit: { type: 'integer', minimum: 1 },
      mode: { type: 'string', enum: ['a', 'b', 'c'] },
      filter: { type: 'object', properties: { field: { type: 'string' }, values: { type: 'array', items: { type: 'string' } } } },
    },
  };
  const item = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, score: { type: 'number' } } };
  const output = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: item }, total: { type: 'integer' } } };
  return toolYaml(`tool_${String(i).padStart(4, '0')}`, input, output);
}

describe('generate at scale', () => {
  // One json-schema-to-typescript run per pack, not per tool: measured at about 4 s for the
  // compile and prettier pass of 1,000 tools, plus about 2 s to load and validate the YAML.
  it(`generates ${TOOLS} tools in seconds`, { timeout: 120_000 }, async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < TOOLS; i++) files[`tools/t${i}.yaml`] = syntheticTool(i);
    const root = await tempPack(files);
    const started = performance.now();
    const result = await generateTypes({ manifests: [path.join(root, 'pack')], command: 'npm run generate', packsOnly: true });
    const seconds = (performance.now() - started) / 1000;
    expect(result.diagnostics).toEqual([]);
    expect(result.files.get('notes.ts')).toContain('export interface Tool0999Output {');
    expect(seconds).toBeLessThan(60);
  });
});
