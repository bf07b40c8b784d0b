import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createTypedCaller, ToolCallError } from '../../engine/client/typed-call.js';
import type { NotesTools } from '../fixtures/generated/notes.js';

/** A real MCP round trip (SDK Server ↔ Client over linked in-memory transports) with canned answers. */
async function connect(answer: (name: string, args: unknown) => CallToolResult): Promise<Client> {
  const server = new Server({ name: 'notes-fake', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(CallToolRequestSchema, (request) => answer(request.params.name, request.params.arguments));
  const client = new Client({ name: 'typed-call-test', version: '1.0.0' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  opened.push(client, server);
  return client;
}

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('createTypedCaller', () => {
  it('sends the name and arguments and returns structuredContent', async () => {
    const seen: unknown[] = [];
    const client = await connect((name, args) => {
      seen.push({ name, args });
      return { content: [{ type: 'text', text: '{}' }], structuredContent: { notes: [{ id: 'n-1', title: 'Kick-off' }] } };
    });
    const notes = createTypedCaller<NotesTools>(client);
    const result = await notes.call('list_notes', { project: 'p-1' });
    expect(result.notes[0]?.title).toBe('Kick-off');
    await notes.call('list_notes');
    expect(seen).toEqual([
      { name: 'list_notes', args: { project: 'p-1' } },
      { name: 'list_notes', args: {} },
    ]);
  });

  it('throws ToolCallError with the tool error text when the result is an error', async () => {
    const client = await connect(() => ({ isError: true, content: [{ type: 'text', text: 'The note is locked.' }] }));
    const notes = createTypedCaller<NotesTools>(client);
    const failure = await notes.call('get_note', { id: 'n-1' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ToolCallError);
    expect(failure).toMatchObject({ code: 'tool_error', tool: 'get_note', message: 'Tool get_note failed: The note is locked.' });
    expect((failure as ToolCallError).result.isError).toBe(true);
  });

  it('throws when a successful result has no structuredContent', async () => {
    const client = await connect(() => ({ content: [{ type: 'text', text: 'plain text only' }] }));
    const notes = createTypedCaller<NotesTools>(client);
    await expect(notes.call('get_note', { id: 'n-1' })).rejects.toMatchObject({
      code: 'no_structured_content',
      message: 'Tool get_note returned no structuredContent: plain text only',
    });
  });

  it('callRaw returns the whole result, errors included, without throwing', async () => {
    const client = await connect(() => ({ isError: true, content: [{ type: 'text', text: 'nope' }] }));
    const raw = await createTypedCaller<NotesTools>(client).callRaw('get_note', { id: 'n-1' });
    expect(raw).toMatchObject({ isError: true, content: [{ type: 'text', text: 'nope' }] });
  });
});
