import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTypes } from '../../engine/codegen/generate.js';
import { NOTES_PACK, tempPack, toolYaml } from './helpers.js';

const service = await readFile(path.join(NOTES_PACK, 'service.yaml'), 'utf8');

/** Each case: files added to (or replacing files of) a copy of the notes pack → the one error expected. */
const cases: Array<{ name: string; files: Record<string, string>; extraPack?: boolean; expected: RegExp }> = [
  {
    name: 'two tools whose names give one type name',
    files: { 'tools/z.yaml': toolYaml('get.note', { type: 'object' }) },
    expected: /tools\/z\.yaml:3:7: error \[generate-name-clash\] The tool `get.note` gives the type names GetNoteInput\/GetNoteOutput, already taken by .*get-note\.yaml \(get_note\)/,
  },
  {
    name: 'a pack named like the schema types file',
    files: { 'service.yaml': service.replace(/^name: notes$/m, 'name: manifest') },
    expected: /service\.yaml:\d+:7: error \[generate-name-clash\] The pack name `manifest` would overwrite/,
  },
  {
    name: 'a pack named like the schema validator file',
    files: { 'service.yaml': service.replace(/^name: notes$/m, 'name: manifest-validator') },
    expected: /service\.yaml:\d+:7: error \[generate-name-clash\] The pack name `manifest-validator` would overwrite the schema's validator \(manifest-validator\.ts\)/,
  },
  {
    name: 'two packs with one name',
    files: {},
    extraPack: true,
    expected: /service\.yaml:\d+:7: error \[generate-name-clash\] \S+\/service\.yaml already names a pack `notes`; both would generate notes\.ts/,
  },
  {
    name: 'a $ref outside the tool schema',
    files: { 'tools/ext.yaml': toolYaml('ext', { type: 'object', properties: { a: { $ref: 'other.json#/A' } } }) },
    expected: /tools\/ext\.yaml:8:\d+: error \[generate-external-ref\] `other\.json#\/A` points outside the tool's schema/,
  },
];

describe('generation checks', () => {
  it.each(cases)('refuses $name', async ({ files, extraPack, expected }) => {
    const root = await tempPack(extraPack ? { '../other/service.yaml': service } : files);
    const manifests = [path.join(root, 'pack'), ...(extraPack ? [path.join(root, 'other')] : [])];
    const result = await generateTypes({ manifests, command: 'npm run generate' });
    expect(result.files.size).toBe(0);
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity} [${d.rule}] ${d.message}`)).toEqual([
      expect.stringMatching(expected),
    ]);
  });
});
