import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, startNotesStack, textOf, type NotesStack } from '../support/stack.js';

// MCP over Streamable HTTP with the SDK's own client: what a model sees (initialize, tools/list)
// and exactly what the upstream receives for each call.

let stack: NotesStack;
let client: Client;
let tools: Tool[];

beforeAll(async () => {
  stack = await startNotesStack();
  client = await stack.connect();
  tools = (await client.listTools()).tools;
});
afterAll(() => stack?.close());
beforeEach(() => {
  stack.upstream.log.length = 0;
});

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false }));

function tool(name: string): Tool {
  const found = tools.find((t) => t.name === name);
  if (!found) throw new Error(`no tool ${name} in tools/list`);
  return found;
}

/** structuredContent must match the outputSchema the server itself published. */
function expectMatchesOutputSchema(name: string, structured: unknown): void {
  const validate = ajv.compile(tool(name).outputSchema!);
  expect(validate(structured), JSON.stringify(validate.errors)).toBe(true);
}

describe('initialize', () => {
  it('names the server after the service', () => {
    expect(client.getServerVersion()).toMatchObject({ name: 'toolgate-notes', title: 'Notes', version: expect.any(String) });
    expect(client.getServerCapabilities()?.tools).toBeDefined();
  });

  it('lists reads, writes and every not-supported reason in the instructions', () => {
    const instructions = client.getInstructions() ?? '';
    const section = (title: string) => instructions.split('\n\n').find((s) => s.startsWith(title)) ?? '';
    expect(section('Read tools:')).toContain('- get_note: Read a note');
    expect(section('Read tools:')).toContain('- search_notes: Search notes');
    expect(section('Read tools:')).not.toContain('create_note');
    expect(section('Write tools:')).toContain('- create_note: Create a note');
    expect(section('Write tools:')).toContain('- update_note: Update a note');
    expect(section('Write tools:')).not.toContain('list_notes');
    expect(section('Writes permitted by policy:')).toContain('- note: create, update (only at Project, Personal level)');
    const refused = section('Not supported');
    for (const reason of [
      'Deleting notes is not supported here; delete them in the Notes app, where it can be undone.',
      'Notes cannot be written into the Archive; archiving is an admin task done in the Notes app.',
      'Projects are managed by administrators in the Notes app, not through the assistant.',
    ]) {
      expect(refused).toContain(`- ${reason}`);
    }
  });
});

describe('tools/list', () => {
  it('lists every tool of the pack, sorted by name', () => {
    expect(tools.map((t) => t.name)).toEqual(['create_note', 'get_note', 'list_notes', 'project_overview', 'search_notes', 'update_note']);
  });

  const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  it.each([
    ['get_note', 'Read a note', READ],
    ['list_notes', 'List notes', READ],
    ['search_notes', 'Search notes', READ],
    ['project_overview', 'Project overview', READ],
    // A create is not destructive, and not idempotent unless the author says so.
    ['create_note', 'Create a note', { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false }],
    // An update is destructive; the manifest's explicit idempotentHint: true does not contradict it.
    ['update_note', 'Update a note', { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false }],
  ])('%s: title %s and annotations derived from its effect', (name, title, hints) => {
    const t = tool(name);
    expect(t.title).toBe(title);
    expect(t.annotations).toEqual({ title, ...hints });
    expect(t.description?.length).toBeGreaterThan(40);
  });

  it.each(['create_note', 'get_note', 'list_notes', 'project_overview', 'search_notes', 'update_note'])('%s: closed input schema and an object output schema', (name) => {
    const t = tool(name);
    expect(t.inputSchema.type).toBe('object');
    expect(t.inputSchema.additionalProperties).toBe(false);
    expect(t.outputSchema?.type).toBe('object');
    expect(Object.keys(t.outputSchema?.properties ?? {}).length).toBeGreaterThan(0);
  });

  it('publishes the input schema of the manifest, required fields, enums, defaults and formats included', () => {
    expect(tool('create_note').inputSchema).toMatchObject({
      required: ['title', 'context'],
      properties: { title: { type: 'string', minLength: 1 }, context: { enum: ['Project', 'Personal'] }, text: { type: 'string' }, project: { type: 'string' } },
    });
    expect(tool('list_notes').inputSchema.properties).toMatchObject({ limit: { type: 'integer', default: 20, maximum: 100 } });
    expect(tool('update_note').inputSchema.properties).toMatchObject({ remindOn: { format: 'date' } });
  });
});

describe('tools/call: reads', () => {
  it.each([
    {
      name: 'list_notes',
      args: {},
      // The default limit is applied; the absent project is left out of the query.
      request: { method: 'GET', rawUrl: '/api/notes?limit=20', body: undefined },
      output: { notes: [{ id: 'n-1', title: 'Kick-off', project: 'p-1' }, { id: 'n-2', title: 'Retro', project: 'p-1' }, { id: 'n-3', title: 'Groceries' }] },
    },
    {
      name: 'list_notes',
      args: { project: 'p-1', limit: 1 },
      request: { method: 'GET', rawUrl: '/api/notes?project=p-1&limit=1', body: undefined },
      output: { notes: [{ id: 'n-1', title: 'Kick-off', project: 'p-1' }] },
    },
    {
      name: 'list_notes',
      args: { project: 'p 1&x=y' },
      // Query values are encoded: a value cannot add a parameter.
      request: { method: 'GET', rawUrl: '/api/notes?project=p+1%26x%3Dy&limit=20', body: undefined },
      output: { notes: [] },
    },
    {
      name: 'get_note',
      args: { id: 'n-1' },
      request: { method: 'GET', rawUrl: '/api/notes/n-1', body: undefined },
      output: { id: 'n-1', title: 'Kick-off', text: 'Agenda and owners', project: 'p-1', context: 'Project' },
    },
    {
      name: 'search_notes',
      args: { query: 'milk' },
      // POST to a query endpoint; the absent project is left out of the body, not sent as null.
      request: { method: 'POST', rawUrl: '/api/notes/search', body: { q: 'milk' } },
      output: { notes: [{ id: 'n-3', title: 'Groceries' }] },
    },
    {
      name: 'search_notes',
      args: { query: 'e', project: 'p-1' },
      request: { method: 'POST', rawUrl: '/api/notes/search', body: { q: 'e', project: 'p-1' } },
      output: { notes: [{ id: 'n-1', title: 'Kick-off', project: 'p-1' }, { id: 'n-2', title: 'Retro', project: 'p-1' }] },
    },
  ])('$name $args', async ({ name, args, request, output }) => {
    const result = await call(client, name, args);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject(output);
    if (Array.isArray(output.notes)) expect((result.structuredContent as { notes: unknown[] }).notes).toHaveLength(output.notes.length);
    expectMatchesOutputSchema(name, result.structuredContent);
    // The same JSON as text, for clients that ignore structuredContent.
    expect(JSON.parse(textOf(result))).toEqual(result.structuredContent);
    expect(stack.upstream.log).toHaveLength(1);
    const [sent] = stack.upstream.log;
    expect({ method: sent!.method, rawUrl: sent!.rawUrl, body: sent!.body }).toEqual(request);
    expect(sent!.headers['x-api-key']).toBe('dev-key');
    expect(sent!.headers.accept).toBe('application/json');
  });

  it('project_overview runs its two independent steps and merges them', async () => {
    const result = await call(client, 'project_overview', { project: 'p-1', topic: 'agenda' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      project: 'p-1',
      noteCount: 2,
      notes: [{ id: 'n-1', title: 'Kick-off' }, { id: 'n-2', title: 'Retro' }],
      mentions: ['n-1'],
    });
    expectMatchesOutputSchema('project_overview', result.structuredContent);
    const sent = stack.upstream.log.map((r) => ({ method: r.method, rawUrl: r.rawUrl, body: r.body }));
    expect(sent).toHaveLength(2);
    expect(sent).toEqual(
      expect.arrayContaining([
        { method: 'GET', rawUrl: '/api/notes?project=p-1&limit=50', body: undefined },
        { method: 'POST', rawUrl: '/api/notes/search', body: { q: 'agenda', project: 'p-1' } },
      ]),
    );
  });
});

describe('tools/call: path values are escaped as one segment', () => {
  // Each value reaches the upstream as exactly one encoded segment under /api/notes/: never a
  // different path, host or query. The upstream answers "no such note" for all of them.
  it.each([
    ['../x', '/api/notes/..%2Fx'],
    ['a/b', '/api/notes/a%2Fb'],
    ['%2e%2e', '/api/notes/%252e%252e'],
    ['%2F..%2F', '/api/notes/%252F..%252F'],
    ['..\\..\\admin', '/api/notes/..%5C..%5Cadmin'],
    ['//evil.example/x', '/api/notes/%2F%2Fevil.example%2Fx'],
    ['http://evil.example/', '/api/notes/http%3A%2F%2Fevil.example%2F'],
    ['@evil.example', '/api/notes/%40evil.example'],
    ['n-1?admin=1', '/api/notes/n-1%3Fadmin%3D1'],
    ['n-1#frag', '/api/notes/n-1%23frag'],
    ['n 1', '/api/notes/n%201'],
    ['nöte', '/api/notes/n%C3%B6te'],
    ['a\r\nX-Injected: 1', '/api/notes/a%0D%0AX-Injected%3A%201'],
  ])('%j → %s', async (id, rawUrl) => {
    const result = await call(client, 'get_note', { id });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/no such record/);
    expect(stack.upstream.log.map((r) => [r.method, r.rawUrl])).toEqual([['GET', rawUrl]]);
    expect(stack.upstream.log[0]!.headers['x-injected']).toBeUndefined();
  });

  it.each([
    ['..', 'must not be a dot segment'],
    ['.', 'must not be a dot segment'],
    ['', 'must not be empty'],
  ])('%j is refused before anything is sent', async (id, reason) => {
    const result = await call(client, 'get_note', { id });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(`Invalid arguments: The value of \`id\` ${reason}.`);
    expect(stack.upstream.log).toEqual([]);
  });
});

describe('tools/call: writes', () => {
  it('create_note sends only the fields given, and a stable idempotency key', async () => {
    const before = stack.upstream.notes.size;
    const args = { title: 'Plan', context: 'Personal' };
    const first = await call(client, 'create_note', args);
    expect(first.isError).toBeFalsy();
    expect(first.structuredContent).toEqual({ id: expect.stringMatching(/^n-\d+$/), created: true });
    expectMatchesOutputSchema('create_note', first.structuredContent);
    const [sent] = stack.upstream.log;
    expect(sent).toMatchObject({ method: 'POST', rawUrl: '/api/notes', headers: { 'content-type': 'application/json' } });
    // No `text` or `project` key at all: absent optional inputs are left out, not null.
    expect(sent!.body).toEqual({ title: 'Plan', context: 'Personal', externalId: expect.stringMatching(/^[0-9a-f]{32}$/) });

    // The client retries (same arguments, other key order): the same key goes upstream and
    // nothing new is created.
    const retried = await call(client, 'create_note', { context: 'Personal', title: 'Plan' });
    expect(retried.isError).toBeFalsy();
    expect(retried.structuredContent).toEqual({ id: (first.structuredContent as { id: string }).id, created: false });
    expect(stack.upstream.log).toHaveLength(2);
    expect((stack.upstream.log[1]!.body as { externalId: string }).externalId).toBe((sent!.body as { externalId: string }).externalId);
    expect(stack.upstream.notes.size).toBe(before + 1);
  });

  it('different arguments give a different idempotency key and a new note', async () => {
    const a = await call(client, 'create_note', { title: 'Standup', context: 'Project', project: 'p-1' });
    const b = await call(client, 'create_note', { title: 'Standup', context: 'Project', project: 'p-2' });
    const c = await call(client, 'create_note', { title: 'Standup', context: 'Project', project: 'p-1', text: 'Daily at 9' });
    const keys = stack.upstream.log.map((r) => (r.body as { externalId: string }).externalId);
    expect(new Set(keys).size).toBe(3);
    const ids = [a, b, c].map((r) => (r.structuredContent as { id: string; created: boolean }));
    expect(ids.every((r) => r.created)).toBe(true);
    expect(new Set(ids.map((r) => r.id)).size).toBe(3);
    expect(stack.upstream.log[2]!.body).toEqual({ title: 'Standup', context: 'Project', project: 'p-1', text: 'Daily at 9', externalId: keys[2] });
  });

  it('update_note sends a PUT with only the fields to change', async () => {
    const result = await call(client, 'update_note', { id: 'n-3', text: 'Milk, eggs', remindOn: '2026-12-24' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ id: 'n-3', title: 'Groceries', context: 'Personal', remindOn: '2026-12-24' });
    expectMatchesOutputSchema('update_note', result.structuredContent);
    expect(stack.upstream.log.map((r) => ({ method: r.method, rawUrl: r.rawUrl, body: r.body }))).toEqual([
      { method: 'PUT', rawUrl: '/api/notes/n-3', body: { text: 'Milk, eggs', remindOn: '2026-12-24' } },
    ]);
    expect(stack.upstream.notes.get('n-3')).toMatchObject({ title: 'Groceries', text: 'Milk, eggs' });
  });
});
