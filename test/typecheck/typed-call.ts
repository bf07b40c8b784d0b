/**
 * Compile-time contract of createTypedCaller against the notes fixture pack's generated types.
 * Never run: `npm run typecheck` compiles it, and each `@ts-expect-error` fails that typecheck
 * the day its misuse starts to compile. test/codegen/typecheck-fixture.test.ts also checks that
 * each misuse fails for the reason named next to it.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { createTypedCaller } from '../../engine/client/typed-call.js';
import type { CreateNoteOutput, NotesTools } from '../fixtures/generated/notes.js';

export async function correctUses(client: Client): Promise<string[]> {
  const notes = createTypedCaller<NotesTools>(client);
  const list = await notes.call('list_notes', { project: 'p-1', limit: 5 });
  const all = await notes.call('list_notes');
  const one = await notes.call('get_note', { id: 'n-1' });
  const created: CreateNoteOutput = await notes.call('create_note', { title: 'Kick-off', context: 'Project', project: 'p-1' });
  const raw = await notes.callRaw('get_note', { id: 'n-1' }, { timeout: 1_000 });
  const titles = [...list.notes, ...all.notes].map((n) => n.title ?? '');
  const id: string = created.id;
  const text: string | undefined = one.text;
  return [...titles, id, text ?? '', String(raw.isError ?? false)];
}

export async function misuses(client: Client): Promise<void> {
  const notes = createTypedCaller<NotesTools>(client);
  // @ts-expect-error unknown-tool: no tool is called delete_note
  await notes.call('delete_note', { id: 'n-1' });
  // @ts-expect-error missing-argument: get_note requires id
  await notes.call('get_note', {});
  // @ts-expect-error missing-arguments: create_note cannot be called without arguments
  await notes.call('create_note');
  // @ts-expect-error wrong-type: limit is a number
  await notes.call('list_notes', { limit: '5' });
  // @ts-expect-error wrong-enum: context is Project or Personal
  await notes.call('create_note', { title: 'A', context: 'Archive' });
  // @ts-expect-error unknown-argument: list_notes takes no query
  await notes.call('list_notes', { query: 'kick-off' });
  const one = await notes.call('get_note', { id: 'n-1' });
  // @ts-expect-error unknown-output: get_note returns no author
  void one.author;
  // @ts-expect-error raw-unknown-tool: callRaw checks names too
  await notes.callRaw('delete_note', { id: 'n-1' });
  const untyped = createTypedCaller(client);
  // @ts-expect-error no-tools: without a type argument nothing can be called
  await untyped.call('list_notes', {});
}
