import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGatewayStore } from '../../engine/auth/gateway-store.js';
import { runCli, type CliRun } from '../support/cli.js';
import { startNotesUpstream, type NotesUpstream } from '../support/notes-upstream.js';
import { postMcp } from '../support/raw-http.js';
import { NOTES_PACK } from '../support/stack.js';

// `toolgate clients|users|audit` and `toolgate serve` with authentication, as an admin runs them.

const MAIN = path.resolve('engine/cli/main.ts');
let dir: string;
let dataDir: string;
let upstream: NotesUpstream;
const running: CliRun[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'toolgate-auth-cli-'));
  dataDir = path.join(dir, 'gateway');
  upstream = await startNotesUpstream();
});
afterAll(async () => {
  for (const run of running) if (run.child.exitCode === null) run.child.kill('SIGKILL');
  await upstream?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `toolgate …` with standard input, its output and exit code. */
function toolgate(args: string[], input?: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(input ?? '');
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('toolgate users', () => {
  it('adds a user with the password from standard input, and never prints it', async () => {
    const added = await toolgate(['users', 'add', '--email', 'admin@example.com', '--role', 'admin', '--data-dir', dataDir], 'a-secret-password\n');
    expect(added).toMatchObject({ code: 0 });
    expect(added.stdout).toContain('Added admin@example.com (admin)');
    expect(added.stdout + added.stderr).not.toContain('a-secret-password');
    const listed = await toolgate(['users', 'list', '--json', '--data-dir', dataDir]);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ email: 'admin@example.com', role: 'admin' })]);
  });

  it.each([
    [['users', 'add', '--email', 'admin@example.com', '--role', 'admin'], 'another-password', 1, /already exists/],
    [['users', 'add', '--email', 'x@example.com', '--role', 'owner'], 'another-password', 2, /--role must be one of viewer, editor, admin/],
    [['users', 'add', '--email', 'x@example.com', '--role', 'viewer'], 'short', 2, /at least 10 characters/],
    [['users', 'remove', 'nobody@example.com'], undefined, 1, /no user/],
  ])('refuses %j', async (args, input, code, message) => {
    const result = await toolgate([...args, '--data-dir', dataDir], input);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });
});

describe('toolgate clients', () => {
  it('adds a client, printing the secret once, then lists, rotates and removes it', async () => {
    const added = await toolgate([
      'clients', 'add', '--name', 'Claude', '--redirect-uri', 'https://claude.ai/api/mcp/auth_callback', '--redirect-uri', 'https://claude.com/api/mcp/auth_callback',
      '--allowed-ip', '203.0.113.0/24', '--data-dir', dataDir,
    ]);
    expect(added.code).toBe(0);
    const clientId = /Client ID:\s+(\S+)/.exec(added.stdout)![1]!;
    const secret = /Client secret:\s+(\S+)/.exec(added.stdout)![1]!;
    expect(secret).toMatch(/^[\w-]{43}$/);
    const listed = await toolgate(['clients', 'list', '--data-dir', dataDir]);
    expect(listed.stdout).toMatch(new RegExp(`${clientId}\\s+Claude\\s+admin\\s+client_secret_basic\\s+203\\.0\\.113\\.0/24\\s+https://claude\\.ai/api/mcp/auth_callback https://claude\\.com/api/mcp/auth_callback`));
    expect(listed.stdout).not.toContain(secret);
    const updated = await toolgate(['clients', 'update', clientId, '--redirect-uri', 'https://chatgpt.com/connector_platform_oauth_redirect', '--any-ip', '--data-dir', dataDir]);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain('redirect URIs https://chatgpt.com/connector_platform_oauth_redirect; allowed IPs any; scopes all');
    const rotated = await toolgate(['clients', 'rotate-secret', clientId, '--data-dir', dataDir]);
    expect(rotated.code).toBe(0);
    expect(/Client secret:\s+(\S+)/.exec(rotated.stdout)![1]).not.toBe(secret);
    expect((await toolgate(['clients', 'remove', clientId, '--data-dir', dataDir])).code).toBe(0);
    expect((await toolgate(['clients', 'list', '--data-dir', dataDir])).stdout).toContain('No clients');
  });

  it.each([
    [['clients', 'add', '--redirect-uri', 'https://x.example/cb'], 2, /--name is required/],
    [['clients', 'add', '--name', 'X', '--redirect-uri', 'http://x.example/cb'], 1, /must use https/],
    [['clients', 'add', '--name', 'X', '--redirect-uri', 'https://x.example/cb', '--allowed-ip', '300.0.0.0/8'], 1, /not an IP address/],
    [['clients', 'rotate-secret'], 2, /exactly one CLIENT_ID/],
    [['clients', 'update', 'x', '--any-ip', '--allowed-ip', '10.0.0.0/8'], 2, /exclude each other/],
    [['clients', 'update', 'no-such-client', '--name', 'Y'], 1, /no client/],
    [['clients', 'remove', 'no-such-client'], 1, /no client/],
  ])('refuses %j', async (args, code, message) => {
    const result = await toolgate([...args, '--data-dir', dataDir]);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });
});

describe('toolgate audit', () => {
  it('lists nothing yet, and refuses a bad --since', async () => {
    expect((await toolgate(['audit', '--since', '24h', '--data-dir', dataDir])).stdout).toContain('No audited writes');
    expect(await toolgate(['audit', '--since', 'yesterday', '--data-dir', dataDir])).toMatchObject({ code: 2 });
  });
});

describe('the gateway data directory', () => {
  it('is locked while a process has it open, with a message saying what to do', async () => {
    const store = await openGatewayStore({ dataDir });
    try {
      const result = await toolgate(['users', 'list', '--data-dir', dataDir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`is in use by process ${process.pid}`);
      expect(result.stderr).toContain('DATABASE_URL');
    } finally {
      await store.close();
    }
  });
});

describe('toolgate serve with authentication (the default)', () => {
  it('serves with OAuth on: prints the issuer, and the MCP endpoint wants a token', async () => {
    const run = runCli(['serve', '--manifests', NOTES_PACK, '--port', '0', '--data-dir', dataDir], { NOTES_BASE_URL: upstream.url, DATABASE_URL: '' });
    running.push(run);
    const [, url] = await run.waitFor(/toolgate: serving notes \(\d+ tools\) at (http:\/\/127\.0\.0\.1:\d+\S+)\n/);
    await run.waitFor(/toolgate: OAuth issuer http:\/\/127\.0\.0\.1:\d+ \(state: PGlite /);
    const response = await postMcp(url!, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toContain('resource_metadata=');
    const metadata = await fetch(`${new URL(url!).origin}/.well-known/oauth-authorization-server`);
    expect(metadata.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it.each([
    [['--host', '0.0.0.0'], /needs the URL clients use to reach this server: set --public-url/],
    [['--host', '0.0.0.0', '--public-url', 'http://mcp.example.com'], /must use https/],
    [['--host', '0.0.0.0', '--public-url', 'https://mcp.example.com'], /name its address with --trusted-proxy/],
    [['--public-url', 'https://mcp.example.com/some/path', '--trusted-proxy', '10.0.0.1'], /must be an origin/],
    [['--host', '0.0.0.0', '--no-auth'], /Refusing to serve without authentication on 0\.0\.0\.0/],
  ])('refuses %j (exit 1), before touching the data directory', async (args, message) => {
    const result = await toolgate(['serve', '--manifests', NOTES_PACK, '--port', '0', '--data-dir', path.join(dir, 'untouched'), ...args], undefined, { NOTES_BASE_URL: upstream.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(existsSync(path.join(dir, 'untouched'))).toBe(false);
  });
});
