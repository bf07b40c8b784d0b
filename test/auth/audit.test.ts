import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../engine/store/index.js';
import { call, startNotesStack, textOf, type NotesStack } from '../support/stack.js';

// The audit log of writes (DESIGN.md §Policy 4), through the served path: every write is
// recorded before it goes upstream and completed after, refused ones included; reads are not
// recorded; and a write whose record cannot be written is not sent at all.

let store: Store;
let stack: NotesStack;
let client: Client;

beforeAll(async () => {
  store = await openStore();
  stack = await startNotesStack({ store });
  client = await stack.connect();
});
afterAll(async () => {
  await stack?.close();
  await store?.close();
});
beforeEach(() => {
  stack.upstream.log.length = 0;
  stack.upstream.fault('/api/notes', undefined);
});

const latest = async () => (await stack.server.audit.list({ limit: 1 }))[0];

describe('audit log', () => {
  it('records a successful write: tool, argument digest, upstream status, request id', async () => {
    const result = await call(client, 'create_note', { title: 'Audited', context: 'Personal' });
    expect(result.isError).toBeFalsy();
    expect(await latest()).toMatchObject({
      service: 'notes',
      tool: 'create_note',
      outcome: 'succeeded',
      upstreamStatus: 201,
      upstreamRequests: 1,
      subject: null, // no auth in this stack: nobody to name
      argsDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      requestId: expect.any(String),
      finishedAt: expect.any(Date),
    });
  });

  it('does not record reads', async () => {
    const before = (await stack.server.audit.list()).length;
    await call(client, 'get_note', { id: 'n-1' });
    expect((await stack.server.audit.list()).length).toBe(before);
  });

  it('records a write the policy refuses, with the refusing check', async () => {
    const result = await call(client, 'create_note', { title: 'x', context: 'Archive' });
    expect(result.isError).toBe(true);
    expect(await latest()).toMatchObject({ tool: 'create_note', outcome: 'refused', reason: 'not_supported', upstreamRequests: 0 });
    expect(stack.upstream.log).toEqual([]);
  });

  it('records a write the upstream fails, with the failure and its status', async () => {
    stack.upstream.fault('/api/notes', '500');
    const result = await call(client, 'create_note', { title: 'Fails', context: 'Personal' });
    expect(result.isError).toBe(true);
    expect(await latest()).toMatchObject({ tool: 'create_note', outcome: 'failed', reason: 'upstream_server', upstreamStatus: 500 });
  });

  it('sends nothing upstream when the audit record cannot be written, and says so', async () => {
    await store.exec('ALTER TABLE audit.events RENAME TO events_away');
    try {
      const result = await call(client, 'create_note', { title: 'Unrecorded', context: 'Personal' });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/could not record this write in its audit log, so nothing was sent/);
      expect(stack.upstream.log).toEqual([]);
      // Reads do not need the audit log.
      expect((await call(client, 'get_note', { id: 'n-1' })).isError).toBeFalsy();
    } finally {
      await store.exec('ALTER TABLE audit.events_away RENAME TO events');
    }
  });
});
