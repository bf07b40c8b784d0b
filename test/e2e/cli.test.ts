import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../support/cli.js';
import { startNotesUpstream, type NotesUpstream } from '../support/notes-upstream.js';
import { silentLogger } from '../../engine/log.js';
import { startServer } from '../../engine/serve.js';
import { openStore } from '../../engine/store/index.js';
import { call, connectClient, copyPack, NOTES_PACK } from '../support/stack.js';

// `toolgate serve` as a user runs it: a child process, its stdout, its exit code.

let upstream: NotesUpstream;
const running: CliRun[] = [];

beforeAll(async () => {
  upstream = await startNotesUpstream();
});
afterAll(async () => {
  for (const run of running) if (run.child.exitCode === null) run.child.kill('SIGKILL');
  await upstream?.close();
});

describe.concurrent('toolgate serve', () => {
  it('serves the pack and prints where', async () => {
    // --no-auth: this client carries no token (test/auth covers serving with OAuth).
    const run = runCli(['serve', '--manifests', NOTES_PACK, '--port', '0', '--no-auth', '--data-dir', 'memory://'], { NOTES_BASE_URL: upstream.url });
    running.push(run);
    const [, name, count, url] = await run.waitFor(/toolgate: serving (\S+) \((\d+) tools\) at (http:\/\/127\.0\.0\.1:\d+\/\S+)\n/);
    expect(name).toBe('notes');
    expect(Number(count)).toBe(6);
    expect(new URL(url!).pathname).toBe('/v1/ds-mcp/mcp');
    const client = await connectClient(url!);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('get_note');
    const result = await call(client, 'get_note', { id: 'n-3' });
    expect(result.structuredContent).toMatchObject({ id: 'n-3', title: 'Groceries' });
    await client.close();
    // SIGTERM closes the server and ends the process cleanly.
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('refuses a non-loopback --host (exit 1)', async () => {
    const host = '0.0.0.0';
    const run = runCli(['serve', '--manifests', NOTES_PACK, '--port', '0', '--host', host, '--no-auth'], { NOTES_BASE_URL: upstream.url });
    running.push(run);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(`toolgate serve: Refusing to serve without authentication on ${host}: bind to 127.0.0.1 (or ::1).`);
    expect(run.stdout()).not.toContain('serving');
  });

  it('refuses manifests with errors (exit 1), each located as file:line:col', async () => {
    const pack = await copyPack();
    try {
      // A read tool that writes: the linter's effect-writes and read-method rules.
      await pack.edit('tools/update-note.yaml', 'effect: write', 'effect: read');
      const run = runCli(['serve', '--manifests', pack.dir, '--port', '0'], { NOTES_BASE_URL: upstream.url });
      running.push(run);
      expect(await run.exited).toBe(1);
      const file = `${pack.dir}/tools/update-note.yaml`;
      expect(run.stderr()).toContain('toolgate serve: The manifests have errors:');
      expect(run.stderr()).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error \\[[a-z-]+\\] `));
      expect(run.stdout()).not.toContain('serving');
    } finally {
      await pack.remove();
    }
  });
});

describe('startServer without authentication', () => {
  // The CLI case above spawns a process; the other addresses are checked in-process.
  it.each(['0.0.0.0', '::', '192.0.2.10', '10.0.0.1', 'example.com', '127.0.0.1.example.com'])('refuses to bind %s', async (host) => {
    await expect(startServer({ manifests: [NOTES_PACK], host, port: 0, logger: silentLogger(), env: { NOTES_BASE_URL: upstream.url } })).rejects.toMatchObject({
      code: 'configuration_error',
      message: `Refusing to serve without authentication on ${host}: bind to 127.0.0.1 (or ::1).`,
    });
  });
});

describe('startServer with manifests that have errors', () => {
  // The store starts opening before the manifests are read (cold start); it must not stay open.
  it('closes the store it opened and reports the manifests', async () => {
    const pack = await copyPack();
    try {
      await pack.edit('tools/update-note.yaml', 'effect: write', 'effect: read');
      let opened = 0;
      let closed = 0;
      const store = async () => {
        const s = await openStore();
        opened += 1;
        return { ...s, close: async () => { closed += 1; await s.close(); } };
      };
      await expect(startServer({ manifests: [pack.dir], port: 0, logger: silentLogger(), env: { NOTES_BASE_URL: upstream.url }, store })).rejects.toMatchObject({
        code: 'configuration_error',
        message: expect.stringContaining('The manifests have errors'),
      });
      expect([opened, closed]).toEqual([1, 1]);
    } finally {
      await pack.remove();
    }
  });
});
