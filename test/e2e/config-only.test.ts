import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, copyPack, startNotesStack, type NotesStack, type PackCopy } from '../support/stack.js';

// DESIGN: "Adding a tool is adding a YAML file." A new manifest dropped into a copy of the pack is
// listed and callable, with no code changed.

const NOTE_TITLES = `# yaml-language-server: $schema=../../../../../engine/manifest/manifest.schema.json
apiVersion: toolgate/v1
kind: Tool
name: note_titles
title: Note titles of a project
description: >
  Lists only the titles of a project's notes (p-1 style project id, from list_projects), for a
  quick overview before reading notes one by one with get_note.
effect: read
scopes: [notes.read]
input:
  type: object
  required: [project]
  properties:
    project:
      type: string
      description: Project id such as p-1.
    max:
      type: integer
      minimum: 1
      maximum: 100
      default: 100
      description: Most titles to return.
request:
  method: GET
  path: /notes
  query:
    project: "{{ input.project }}"
    limit: "{{ input.max }}"
response:
  select: "{ 'project': input.project, 'titles': [body.data.items.title] }"
  truncate: titles
  output:
    type: object
    required: [project, titles]
    properties:
      project: { type: string }
      titles:
        type: array
        items: { type: string }
examples:
  - input: { project: p-1 }
    output: { project: p-1, titles: [Kick-off, Retro] }
`;

let pack: PackCopy;
let stack: NotesStack;

beforeAll(async () => {
  pack = await copyPack();
  await pack.write('tools/note-titles.yaml', NOTE_TITLES);
  stack = await startNotesStack({ manifests: [pack.dir] });
});
afterAll(async () => {
  await stack?.close();
  await pack?.remove();
});

describe('a tool added by configuration only', () => {
  it('is listed with the schemas and annotations of its manifest', async () => {
    const client = await stack.connect();
    const { tools } = await client.listTools();
    const added = tools.find((t) => t.name === 'note_titles');
    expect(added).toMatchObject({
      title: 'Note titles of a project',
      inputSchema: { type: 'object', required: ['project'], additionalProperties: false },
      outputSchema: { type: 'object', required: ['project', 'titles'] },
      annotations: { readOnlyHint: true, destructiveHint: false },
    });
    expect(tools).toHaveLength(7);
    expect(client.getInstructions()).toContain('- note_titles: Note titles of a project');
  });

  it('is callable, and sends exactly its request', async () => {
    const client = await stack.connect();
    stack.upstream.log.length = 0;
    const result = await call(client, 'note_titles', { project: 'p-1' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ project: 'p-1', titles: ['Kick-off', 'Retro'] });
    expect(stack.upstream.log.map((r) => `${r.method} ${r.rawUrl}`)).toEqual(['GET /api/notes?project=p-1&limit=100']);
  });

  it('gets the same policy as every other tool', async () => {
    const client = await stack.connect();
    stack.upstream.log.length = 0;
    const result = await call(client, 'note_titles', { project: 'p-1', sort: 'title' });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([{ type: 'text', text: 'Invalid arguments: `sort` is not an argument of this tool (accepted: project, max). Correct them and call again.' }]);
    expect(stack.upstream.log).toEqual([]);
  });

  it('does not exist in the original pack', async () => {
    const original = await startNotesStack();
    try {
      const { tools } = await (await original.connect()).listTools();
      expect(tools.map((t) => t.name)).not.toContain('note_titles');
    } finally {
      await original.close();
    }
  });
});
