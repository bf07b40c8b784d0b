import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../engine/audit/audit-log.js';
import { openGatewayStore } from '../../engine/auth/gateway-store.js';
import { runCli, type CliRun } from '../support/cli.js';
import { startNotesUpstream, type NotesUpstream } from '../support/notes-upstream.js';
import { call, connectClient, NOTES_PACK } from '../support/stack.js';

// What the embedded store promises for the audit log (README, "Gateway state"): a write that was
// answered is on record even if the gateway process is killed the next moment, with no chance to
// shut down. PGlite writes every commit to the kernel (pwrite to its WAL) before the statement
// returns; it never fsyncs (electric-sql/pglite#1107), so the promise stops at the process: a
// machine crash or power loss is PostgreSQL's job (DATABASE_URL).

let upstream: NotesUpstream;
let dir: string;
const running: CliRun[] = [];

beforeAll(async () => {
  upstream = await startNotesUpstream();
  dir = await mkdtemp(path.join(tmpdir(), 'toolgate-crash-'));
});
afterAll(async () => {
  for (const run of running) if (run.child.exitCode === null) run.child.kill('SIGKILL');
  await upstream?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the embedded audit log, when the gateway process is killed', () => {
  it('keeps every write that was answered, and the store opens again', async () => {
    const dataDir = path.join(dir, 'gateway');
    // --no-auth: the client carries no token; the audit log is the same with auth on.
    const run = runCli(['serve', '--manifests', NOTES_PACK, '--port', '0', '--no-auth', '--data-dir', dataDir], { NOTES_BASE_URL: upstream.url, DATABASE_URL: '' });
    running.push(run);
    const [, url] = await run.waitFor(/toolgate: serving notes \(\d+ tools\) at (http:\/\/127\.0\.0\.1:\d+\S+)\n/);
    const client = await connectClient(url!);
    const titles = ['Before the crash 1', 'Before the crash 2', 'Before the crash 3'];
    for (const title of titles) expect((await call(client, 'create_note', { title, context: 'Personal' })).isError).toBeFalsy();
    await client.close();
    // No SIGTERM, no clean shutdown: the process ends between one instruction and the next.
    run.child.kill('SIGKILL');
    expect(await run.exited).toBe('SIGKILL');

    // The lock of a dead process is taken over; PostgreSQL replays its WAL on open.
    const store = await openGatewayStore({ dataDir });
    try {
      const records = await new AuditLog(store).list();
      expect(records).toHaveLength(titles.length);
      for (const record of records) expect(record).toMatchObject({ service: 'notes', tool: 'create_note', outcome: 'succeeded', upstreamStatus: 201 });
    } finally {
      await store.close();
    }
  });
});
