import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../engine/log.js';
import { loadPacks } from '../../engine/manifest/packs.js';
import { callTool } from '../../engine/runtime/call-tool.js';
import { buildRegistry, type Registry } from '../../engine/runtime/registry.js';
import { startServer } from '../../engine/serve.js';
import { startNotesUpstream, type NotesUpstream } from '../support/notes-upstream.js';
import { postMcp } from '../support/raw-http.js';
import { call, copyPack, startNotesStack, textOf, type NotesStack, type PackCopy } from '../support/stack.js';

// Every refusal is an isError result the model can act on, and nothing reaches the upstream.

let stack: NotesStack;
let client: Client;

beforeAll(async () => {
  stack = await startNotesStack();
  client = await stack.connect();
});
afterAll(() => stack?.close());
beforeEach(() => {
  stack.upstream.log.length = 0;
});

const ARCHIVE_REASON = 'Notes cannot be written into the Archive; archiving is an admin task done in the Notes app.';

describe('arguments are checked before anything is sent', () => {
  it.each([
    {
      why: 'unknown field, named with the accepted ones',
      name: 'create_note',
      args: { title: 'Plan', context: 'Personal', colour: 'red' },
      text: 'Invalid arguments: `colour` is not an argument of this tool (accepted: title, text, context, project). Correct them and call again.',
    },
    {
      why: 'unknown field on a tool without required fields',
      name: 'list_notes',
      args: { projectId: 'p-1' },
      text: 'Invalid arguments: `projectId` is not an argument of this tool (accepted: project, limit). Correct them and call again.',
    },
    {
      why: 'missing required field',
      name: 'create_note',
      args: { title: 'Plan' },
      text: 'Invalid arguments: `context` is required. Correct them and call again.',
    },
    {
      why: 'no arguments at all',
      name: 'get_note',
      args: undefined,
      text: 'Invalid arguments: `id` is required. Correct them and call again.',
    },
    {
      why: 'wrong type (no coercion of "5")',
      name: 'list_notes',
      args: { limit: '5' },
      text: 'Invalid arguments: `limit` must be of type integer. Correct them and call again.',
    },
    {
      why: 'wrong type for a path value',
      name: 'get_note',
      args: { id: 7 },
      text: 'Invalid arguments: `id` must be of type string. Correct them and call again.',
    },
    {
      why: 'wrong enum value',
      name: 'create_note',
      args: { title: 'Plan', context: 'Team' },
      text: 'Invalid arguments: `context` must be one of: Project, Personal. Correct them and call again.',
    },
    {
      why: 'bad date format',
      name: 'update_note',
      args: { id: 'n-1', remindOn: '24/12/2026' },
      text: 'Invalid arguments: `remindOn` must be a valid date (YYYY-MM-DD). Correct them and call again.',
    },
    {
      why: 'out of range',
      name: 'list_notes',
      args: { limit: 1000 },
      text: 'Invalid arguments: `limit` must be <= 100. Correct them and call again.',
    },
    {
      why: 'too short',
      name: 'create_note',
      args: { title: '', context: 'Personal' },
      text: 'Invalid arguments: `title` must NOT have fewer than 1 characters. Correct them and call again.',
    },
    {
      why: 'several problems at once, each named',
      name: 'create_note',
      args: { context: 'Team', colour: 'red' },
      text: 'Invalid arguments: `title` is required; `colour` is not an argument of this tool (accepted: title, text, context, project); `context` must be one of: Project, Personal. Correct them and call again.',
    },
    {
      why: 'a not-supported context gets its reason, not an enum error',
      name: 'create_note',
      args: { title: 'Old things', context: 'Archive' },
      text: `Not supported: ${ARCHIVE_REASON}`,
    },
    {
      why: 'a not-supported context on update',
      name: 'update_note',
      args: { id: 'n-1', context: 'Archive' },
      text: `Not supported: ${ARCHIVE_REASON}`,
    },
  ])('$name: $why', async ({ name, args, text }) => {
    const result = await call(client, name, args);
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(textOf(result)).toBe(text);
    expect(stack.upstream.log).toEqual([]);
  });
});

describe('arguments that are not plain data', () => {
  it('an argument named __proto__ never reaches the upstream, nor pollutes what is read', async () => {
    // Raw JSON: an object literal here would set the prototype instead of sending the key.
    const res = await postMcp(stack.mcpUrl, '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_note","arguments":{"title":"Proto","context":"Personal","__proto__":{"project":"p-evil","context":"Archive"}}}}');
    const result = (res.json as { result: { isError?: boolean } }).result;
    if (!result.isError) {
      expect(stack.upstream.log.map((r) => r.body)).toEqual([{ title: 'Proto', context: 'Personal', externalId: expect.any(String) }]);
    } else {
      expect(stack.upstream.log).toEqual([]);
    }
    expect(JSON.stringify(stack.upstream.log)).not.toContain('p-evil');
    expect(({} as Record<string, unknown>).project).toBeUndefined();
  });
});

describe('protocol errors', () => {
  it('an unknown tool is a JSON-RPC error, not a tool result', async () => {
    const error = await client.callTool({ name: 'delete_note', arguments: { id: 'n-1' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
    // The SDK client prefixes the server's message once: the server's is the spec's "Unknown tool: <name>".
    expect((error as McpError).message).toBe('MCP error -32602: Unknown tool: delete_note');
    expect(stack.upstream.log).toEqual([]);
    // The connection is still good.
    expect((await call(client, 'get_note', { id: 'n-1' })).isError).toBeFalsy();
  });
});

describe('writes outside the policy', () => {
  let pack: PackCopy;
  let upstream: NotesUpstream;
  let registry: Registry | undefined;

  beforeEach(async () => {
    pack = await copyPack();
    upstream = await startNotesUpstream();
  });
  afterEach(async () => {
    await registry?.close();
    registry = undefined;
    await upstream.close();
    await pack.remove();
  });

  /** The compiled registry without the linter in front of it: the run-time half of the policy alone. */
  async function compileWithoutLint(): Promise<Registry> {
    const loaded = await loadPacks([pack.dir]);
    expect(loaded.diagnostics).toEqual([]);
    registry = buildRegistry(loaded.packs, { notes: { baseUrl: `${upstream.url}/api` } });
    return registry;
  }

  function toolOf(r: Registry, name: string) {
    const tool = r.services[0]!.tools.get(name);
    if (!tool) throw new Error(`no tool ${name}`);
    return tool;
  }

  const options = { logger: silentLogger(), requestId: 'test-request' };

  // The load-time half of the policy: the linter runs inside startServer, and a manifest that
  // breaks the policy stops start-up with a located diagnostic.
  it.each([
    {
      why: 'a write the service does not permit',
      edits: [['service.yaml', 'actions: [create, update]', 'actions: [create]']],
      diagnostic: /update-note\.yaml:13:13: error \[write-not-permitted\] The service permits only `create` on `note`, not `update`/,
    },
    {
      why: 'a write the pack refuses on purpose',
      edits: [
        ['tools/update-note.yaml', '- object: note\n    action: update', '- object: project\n    action: update'],
        ['service.yaml', '- object: note\n', '- object: project\n      actions: [update]\n    - object: note\n'],
      ],
      diagnostic: /update-note\.yaml:\d+:\d+: error \[not-supported-write\] `update` on `project` is refused by notSupported `project-writes`/,
    },
    {
      // The model would believe it filters by this; the tool silently drops it.
      why: 'an input that no request or select reads',
      edits: [['tools/list-notes.yaml', '  properties:\n', '  properties:\n    archived:\n      type: boolean\n      description: Include archived notes.\n']],
      diagnostic: /list-notes\.yaml:\d+:\d+: error \[unused-input\] The input `archived` is declared but never used/,
    },
    {
      why: 'a request matching a not-supported upstream shape',
      edits: [['tools/update-note.yaml', 'method: PUT', 'method: DELETE']],
      diagnostic: /update-note\.yaml:\d+:\d+: error \[not-supported-request\] `DELETE \/notes\/\{id\}` can match the refused upstream shape/,
    },
  ])('start-up refuses $why, with the located diagnostic', async ({ edits, diagnostic }) => {
    for (const [file, from, to] of edits) await pack.edit(file!, from!, to!);
    const starting = startServer({ manifests: [pack.dir], port: 0, logger: silentLogger(), env: { NOTES_BASE_URL: upstream.url } });
    await expect(starting).rejects.toMatchObject({ code: 'configuration_error', message: expect.stringMatching(diagnostic) });
    expect(upstream.log).toEqual([]);
  });

  it('at run time, a write the service does not permit is refused before it is sent', async () => {
    await pack.edit('service.yaml', 'actions: [create, update]', 'actions: [create]');
    const tool = toolOf(await compileWithoutLint(), 'update_note');
    const result = await callTool(tool, { id: 'n-1', title: 'Changed' }, options);
    expect(result).toEqual({ isError: true, content: [{ type: 'text', text: 'Not permitted: update of note is not allowed by this service\'s policy.' }] });
    expect(upstream.log).toEqual([]);
    expect(upstream.notes.get('n-1')?.title).toBe('Kick-off');
  });

  it('at run time, a write the pack refuses on purpose gets its reason', async () => {
    await pack.edit('tools/update-note.yaml', /- object: note\n {4}action: update/, '- object: project\n    action: update');
    await pack.edit('service.yaml', '- object: note\n', '- object: project\n      actions: [update]\n    - object: note\n');
    const tool = toolOf(await compileWithoutLint(), 'update_note');
    const result = await callTool(tool, { id: 'n-1', title: 'Changed' }, options);
    expect(result).toEqual({ isError: true, content: [{ type: 'text', text: 'Not supported: Projects are managed by administrators in the Notes app, not through the assistant.' }] });
    expect(upstream.log).toEqual([]);
  });

  it('at run time, a request matching a not-supported upstream shape is never sent', async () => {
    // A tool that declares an update but sends DELETE: the linter refuses it; here nothing but the
    // run-time allow-list stands between it and the upstream.
    await pack.edit('tools/update-note.yaml', 'method: PUT', 'method: DELETE');
    const tool = toolOf(await compileWithoutLint(), 'update_note');
    const result = await callTool(tool, { id: 'n-1' }, options);
    expect(result).toEqual({ isError: true, content: [{ type: 'text', text: 'Not supported: Deleting notes is not supported here; delete them in the Notes app, where it can be undone.' }] });
    expect(upstream.log).toEqual([]);
    expect(upstream.notes.has('n-1')).toBe(true);
  });
});
