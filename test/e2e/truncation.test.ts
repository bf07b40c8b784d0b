import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotesUpstream } from '../support/notes-upstream.js';
import { call, copyPack, startNotesStack, textOf, type NotesStack, type PackCopy } from '../support/stack.js';

// `response.truncate`: a list too big for the result limit comes back as its longest prefix that
// fits, with a note, and still passes the SDK client's own check against the outputSchema.

const BIG_NOTES = 100;

function seed(upstream: NotesUpstream): void {
  for (let i = 0; i < BIG_NOTES; i++) {
    const id = `n-${1000 + i}`;
    upstream.notes.set(id, { id, title: `Minutes ${i} ${'é'.repeat(400)}`, text: 'minutes', project: 'p-big', context: 'Project' });
  }
}

/** The result text is within the limit, and the room left could not hold the next item. */
function expectLongestPrefix(text: string, returned: number, all: unknown[], maxBytes: number): void {
  const bytes = Buffer.byteLength(text);
  expect(bytes).toBeLessThanOrEqual(maxBytes);
  const next = Buffer.byteLength(JSON.stringify(all[returned])) + 1; // the item and its comma
  expect(maxBytes - bytes).toBeLessThan(next);
}

describe('with the default 64 KiB limit', () => {
  let stack: NotesStack;
  let client: Client;

  beforeAll(async () => {
    stack = await startNotesStack();
    seed(stack.upstream);
    client = await stack.connect();
    await client.listTools(); // from now on the SDK client checks structuredContent against each outputSchema
  });
  afterAll(() => stack?.close());

  it.each([
    ['list_notes', { project: 'p-big', limit: 100 }],
    ['search_notes', { query: 'minutes', project: 'p-big' }],
  ])('%s keeps the longest prefix of notes that fits, and says how many it left out', async (name, args) => {
    const result = await call(client, name, args); // the SDK client validates against outputSchema
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as { notes: Array<{ id: string }>; truncated: { returned: number; omitted: number; note: string } };
    const returned = structured.notes.length;
    expect(returned).toBeGreaterThan(0);
    expect(returned).toBeLessThan(BIG_NOTES);
    expect(structured.notes.map((n) => n.id)).toEqual(Array.from({ length: returned }, (_, i) => `n-${1000 + i}`));
    expect(structured.truncated).toEqual({
      returned,
      omitted: BIG_NOTES - returned,
      note: `Only the first ${returned} of ${BIG_NOTES} notes fit in the 64 KiB result limit. Ask for fewer fields or a narrower filter to see the rest.`,
    });
    const all = [...stack.upstream.notes.values()].filter((n) => n.project === 'p-big').map((n) => ({ id: n.id, title: n.title, project: n.project }));
    expectLongestPrefix(textOf(result), returned, all, 65_536);
    expect(JSON.parse(textOf(result))).toEqual(result.structuredContent);
  });

  it('publishes the truncation note in the outputSchema of a tool that may be truncated', async () => {
    const { tools } = await client.listTools();
    const list = tools.find((t) => t.name === 'list_notes')!;
    expect(list.outputSchema?.properties).toHaveProperty('truncated');
    const get = tools.find((t) => t.name === 'get_note')!;
    expect(get.outputSchema?.properties).not.toHaveProperty('truncated');
  });
});

describe('with a closed output schema and a 2 KiB limit', () => {
  let pack: PackCopy;
  let stack: NotesStack;

  beforeAll(async () => {
    pack = await copyPack();
    await pack.edit('service.yaml', 'path: /v1/ds-mcp/mcp', 'path: /v1/ds-mcp/mcp\n  maxResultBytes: 2048');
    await pack.edit('tools/list-notes.yaml', '  output:\n    type: object\n', '  output:\n    type: object\n    additionalProperties: false\n');
    stack = await startNotesStack({ manifests: [pack.dir] });
    seed(stack.upstream);
  });
  afterAll(async () => {
    await stack?.close();
    await pack?.remove();
  });

  it('a truncated answer still matches the published outputSchema', async () => {
    const client = await stack.connect();
    await client.listTools(); // from now on the SDK client checks structuredContent against each outputSchema
    const result = await call(client, 'list_notes', { project: 'p-big', limit: 100 });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { truncated: { returned: number } }).truncated.returned).toBeGreaterThan(0);
    expect(Buffer.byteLength(textOf(result))).toBeLessThanOrEqual(2048);
  });

  it('a single answer over the limit with nothing to cut is an error that says what to ask for', async () => {
    const client = await stack.connect();
    stack.upstream.notes.set('n-huge', { id: 'n-huge', title: 'Huge', text: 'x'.repeat(5000), context: 'Personal' });
    const result = await call(client, 'get_note', { id: 'n-huge' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('The answer is 5 KiB, over the 2 KiB limit. Ask for less: fewer records, fewer fields or a narrower filter.');
  });
});
