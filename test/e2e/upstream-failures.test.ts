import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../support/notes-upstream.js';
import { call, closedPort, copyPack, startNotesStack, textOf, type NotesStack, type PackCopy } from '../support/stack.js';

// Every way the upstream can fail becomes an isError result whose short message says whether a
// retry could help, and never carries the upstream's own body. The server stays healthy after.

/** Text from the fault bodies of test/support/notes-upstream.ts that must never reach the model. */
const UPSTREAM_SECRETS = ['stack trace', 'secret internals', 'db.query', 'alice@example.com', '<b>', '<html', 'Maintenance', 'xxxxxxxxxx', 'bad key', 'example.com/'];

const RETRY_MAY_HELP = /(A retry (in a little while )?may help|Retry (after \d+ s|in a minute))/;
const RETRY_WONT_HELP = /(retrying will not help|Retrying the same request will not help|Retrying is unlikely to help)/i;

let pack: PackCopy;
let stack: NotesStack;
let client: Client;

beforeAll(async () => {
  // A smaller body cap than the default 8 MiB keeps the oversize case cheap.
  pack = await copyPack();
  await pack.edit('service.yaml', 'timeoutMs: 2000', 'timeoutMs: 2000\n  maxResponseBytes: 262144');
  stack = await startNotesStack({ manifests: [pack.dir] });
  client = await stack.connect();
});
afterAll(async () => {
  await stack?.close();
  await pack?.remove();
});
afterEach(() => {
  for (const prefix of ['/api/notes', '/api/notes/search']) stack.upstream.fault(prefix, undefined);
  stack.upstream.log.length = 0;
});

function expectFailure(result: CallToolResult, message: RegExp, retry: 'may help' | 'will not help'): void {
  expect(result.isError).toBe(true);
  expect(result.structuredContent).toBeUndefined();
  expect(result.content).toHaveLength(1);
  const text = textOf(result);
  expect(text).toMatch(message);
  expect(text).toMatch(retry === 'may help' ? RETRY_MAY_HELP : RETRY_WONT_HELP);
  expect(text).not.toMatch(retry === 'may help' ? RETRY_WONT_HELP : RETRY_MAY_HELP);
  for (const secret of UPSTREAM_SECRETS) expect(text).not.toContain(secret);
  // Short: one or two sentences for the model, not a dump.
  expect(text.length).toBeLessThan(400);
}

async function expectHealthy(): Promise<void> {
  const next = await call(client, 'get_note', { id: 'n-1' });
  expect(next.isError).toBeFalsy();
  expect(next.structuredContent).toMatchObject({ id: 'n-1', title: 'Kick-off' });
}

describe('upstream faults', () => {
  it.each<{ fault: Fault; message: RegExp; retry: 'may help' | 'will not help' }>([
    { fault: '500', message: /^The upstream service failed \(HTTP 500\)/, retry: 'may help' },
    { fault: '429', message: /^The upstream service is rate limiting requests \(HTTP 429\).*Retry after 7 s/, retry: 'may help' },
    { fault: 'html', message: /^The upstream service answered HTTP 200 with a body that is not JSON \(text\/html\)/, retry: 'will not help' },
    {
      fault: 'envelope-400',
      message: /^The upstream service rejected the request \(HTTP 400\) \(INVALID_FIELD: Field "colour" is not a field of Note\)\..*correct the arguments first/,
      retry: 'will not help',
    },
    {
      // 200 with `ok: false`: an error all the same, with the pack's hint for its code.
      fault: 'envelope-200',
      message: /^The upstream service rejected the request .*NOTE_LOCKED.* The note is locked; ask the user to unlock it in the Notes app first\./,
      retry: 'will not help',
    },
    { fault: 'huge', message: /^The upstream answer exceeded 256 KiB, the gateway's limit\. Retrying the same request will not help; ask for less/, retry: 'will not help' },
    { fault: 'redirect', message: /^The upstream service answered with a redirect \(HTTP 302\), which the gateway never follows\./, retry: 'will not help' },
    { fault: '401', message: /^The upstream service refused the gateway's credentials \(HTTP 401\).*configuration problem/, retry: 'will not help' },
  ])('$fault', async ({ fault, message, retry }) => {
    stack.upstream.fault('/api/notes', fault);
    const result = await call(client, 'get_note', { id: 'n-1' });
    expectFailure(result, message, retry);
    // Sent once: no hidden retries, and a redirect is not followed anywhere.
    expect(stack.upstream.log.map((r) => `${r.method} ${r.rawUrl}`)).toEqual(['GET /api/notes/n-1']);
    stack.upstream.fault('/api/notes', undefined);
    await expectHealthy();
  });

  /**
   * A server of its own with a shorter deadline than the notes pack's 2 s, still long enough that
   * a healthy call on a busy machine is not mistaken for a hang.
   */
  async function withOneSecondDeadline(run: (slow: NotesStack, c: Awaited<ReturnType<NotesStack['connect']>>) => Promise<void>): Promise<void> {
    const short = await copyPack();
    await short.edit('service.yaml', 'timeoutMs: 2000', 'timeoutMs: 1000');
    const slow = await startNotesStack({ manifests: [short.dir] });
    try {
      await run(slow, await slow.connect());
    } finally {
      await slow.close();
      await short.remove();
    }
  }

  it('hang: the call times out at the service\'s timeoutMs', async () => {
    await withOneSecondDeadline(async (slow, c) => {
      slow.upstream.fault('/api/notes', 'hang');
      expectFailure(await call(c, 'get_note', { id: 'n-1' }), /^The upstream service did not answer within 1 s\./, 'may help');
      expect(slow.upstream.log.map((r) => `${r.method} ${r.rawUrl}`)).toEqual(['GET /api/notes/n-1']);
      // A composite's independent steps start together: while the first hangs, the second is
      // already at the upstream (run one after the other, it would never have been sent).
      slow.upstream.log.length = 0;
      expectFailure(await call(c, 'project_overview', { project: 'p-1', topic: 'agenda' }), /^The upstream service did not answer within 1 s\./, 'may help');
      expect(slow.upstream.log.map((r) => `${r.method} ${r.rawUrl}`).sort()).toEqual(['GET /api/notes?project=p-1&limit=50', 'POST /api/notes/search']);
      slow.upstream.fault('/api/notes', undefined);
      expect((await call(c, 'get_note', { id: 'n-1' })).structuredContent).toMatchObject({ id: 'n-1' });
    });
  });

  it('trickle: a body that never ends is cut at the service\'s timeoutMs, though its bytes keep coming', async () => {
    // One deadline for the whole exchange: undici's own timeouts are per wait (headers, each gap
    // between body chunks), and a byte every 200 ms satisfies them forever.
    await withOneSecondDeadline(async (slow, c) => {
      slow.upstream.fault('/api/notes', 'trickle');
      const started = performance.now();
      expectFailure(await call(c, 'get_note', { id: 'n-1' }), /^The upstream service did not answer within 1 s\./, 'may help');
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(slow.upstream.log.map((r) => `${r.method} ${r.rawUrl}`)).toEqual(['GET /api/notes/n-1']);
      slow.upstream.fault('/api/notes', undefined);
      expect((await call(c, 'get_note', { id: 'n-1' })).structuredContent).toMatchObject({ id: 'n-1' });
    });
  });

  it('a write to a locked note: the 4xx envelope and the hint for its code', async () => {
    const result = await call(client, 'update_note', { id: 'n-2', title: 'Retro (edited)' });
    expectFailure(result, /^The upstream service rejected the request \(HTTP 409\) \(NOTE_LOCKED: Note n-2 is locked\)\. The note is locked; ask the user to unlock it in the Notes app first\./, 'will not help');
    expect(stack.upstream.notes.get('n-2')?.title).toBe('Retro');
  });

  it('no such record: the envelope says NOT_FOUND', async () => {
    const result = await call(client, 'get_note', { id: 'n-404' });
    expectFailure(result, /^Nothing matched: the upstream service has no such record\. Check the id/, 'will not help');
  });

  it('no such record on a search is an empty answer (onNotFound: empty), not a failure', async () => {
    stack.upstream.fault('/api/notes/search', undefined);
    const result = await call(client, 'search_notes', { query: 'nothing like this' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ notes: [] });
  });
});

describe('composite tools', () => {
  it('an optional step that fails leaves null and a note in failures; the rest comes back', async () => {
    stack.upstream.fault('/api/notes/search', '500');
    const result = await call(client, 'project_overview', { project: 'p-1', topic: 'agenda' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      project: 'p-1',
      noteCount: 2,
      notes: [{ id: 'n-1', title: 'Kick-off' }, { id: 'n-2', title: 'Retro' }],
      mentions: null,
      failures: [{ step: 'mentions', error: expect.stringMatching(/^The upstream service failed \(HTTP 500\)/), retryable: true }],
    });
    for (const secret of UPSTREAM_SECRETS) expect(textOf(result)).not.toContain(secret);
  });

  it('a required step that fails fails the tool', async () => {
    stack.upstream.fault('/api/notes', 'html');
    stack.upstream.fault('/api/notes/search', undefined);
    const result = await call(client, 'project_overview', { project: 'p-1', topic: 'agenda' });
    expectFailure(result, /^The upstream service answered HTTP 200 with a body that is not JSON/, 'will not help');
    stack.upstream.fault('/api/notes', undefined);
    await expectHealthy();
  });
});

describe('misconfigured upstreams', () => {
  it.each([
    {
      why: 'connection refused (nothing listens on the base URL)',
      options: async (): Promise<Parameters<typeof startNotesStack>[0]> => ({ overrides: { notes: { baseUrl: `http://127.0.0.1:${await closedPort()}/api` } } }),
      message: /^The gateway could not reach the upstream service \(ECONNREFUSED\)\./,
      retry: 'may help' as const,
    },
    {
      why: 'wrong credentials (the upstream answers 401)',
      options: async (): Promise<Parameters<typeof startNotesStack>[0]> => ({ env: { NOTES_API_KEY: 'wrong-key' } }),
      message: /^The upstream service refused the gateway's credentials \(HTTP 401\).*configuration problem on the gateway/,
      retry: 'will not help' as const,
    },
  ])('$why', async ({ options, message, retry }) => {
    const broken = await startNotesStack(await options());
    try {
      const c = await broken.connect();
      expectFailure(await call(c, 'list_notes', {}), message, retry);
      expect(broken.upstream.notes.size).toBe(3);
      // Still serving: tools/list needs no upstream.
      expect((await c.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await broken.close();
    }
  });
});
