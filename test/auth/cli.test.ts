import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openGatewayStore } from '../../engine/auth/gateway-store.js';
import { runAuditCommand } from '../../engine/cli/audit.js';
import { runClientsCommand } from '../../engine/cli/clients.js';
import { runServeCommand } from '../../engine/cli/serve.js';
import { runUsersCommand } from '../../engine/cli/users.js';
import { runCli, type CliRun } from '../support/cli.js';
import { startNotesUpstream, type NotesUpstream } from '../support/notes-upstream.js';
import { postMcp } from '../support/raw-http.js';
import { NOTES_PACK } from '../support/stack.js';

// `toolgate clients|users|audit` and `toolgate serve` with authentication, as an admin runs them:
// a few runs as child processes (standard input, the lock between processes, a real server), the
// rest in this process, which is much faster.

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

/** `toolgate …` as a child process, with standard input, its output and exit code. */
function toolgate(args: string[], input?: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(input ?? '');
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = { users: runUsersCommand, clients: runClientsCommand, audit: runAuditCommand, serve: runServeCommand };

/** The same command run in this process, its console output captured (not for what reads standard input). */
async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void (stdout += `${parts.join(' ')}\n`));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void (stderr += `${parts.join(' ')}\n`));
  const saved = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  try {
    return { code: await COMMANDS[args[0]!]!(args.slice(1)), stdout, stderr };
  } finally {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
    log.mockRestore();
    error.mockRestore();
  }
}

describe('toolgate users', () => {
  it('adds a user with the password from standard input, and never prints it', async () => {
    const added = await toolgate(['users', 'add', '--email', 'admin@example.com', '--role', 'admin', '--data-dir', dataDir], 'a-secret-password\n');
    expect(added).toMatchObject({ code: 0 });
    expect(added.stdout).toContain('Added admin@example.com (admin)');
    expect(added.stdout + added.stderr).not.toContain('a-secret-password');
    const listed = await inProcess(['users', 'list', '--json', '--data-dir', dataDir]);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ email: 'admin@example.com', role: 'admin' })]);
  });

  it('refuses a password that is too short', async () => {
    const result = await toolgate(['users', 'add', '--email', 'x@example.com', '--role', 'viewer', '--data-dir', dataDir], 'short\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/at least 10 characters/);
  });

  it.each([
    [['users', 'add', '--email', 'x@example.com', '--role', 'owner'], 2, /--role must be one of viewer, editor, admin/],
    [['users', 'set-role', 'admin@example.com', '--role', 'root'], 2, /--role must be one of/],
    [['users', 'frobnicate'], 2, /unknown action/],
    [['users', 'remove', 'nobody@example.com'], 1, /no user/],
  ])('refuses %j', async (args, code, message) => {
    const result = await inProcess([...args, '--data-dir', dataDir]);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });

  it('changes a role and removes a user', async () => {
    expect((await inProcess(['users', 'set-role', 'admin@example.com', '--role', 'editor', '--data-dir', dataDir])).stdout).toContain('is now editor');
    expect((await inProcess(['users', 'list', '--data-dir', dataDir])).stdout).toMatch(/admin@example\.com\s+editor/);
    expect((await inProcess(['users', 'remove', 'admin@example.com', '--data-dir', dataDir])).code).toBe(0);
    expect((await inProcess(['users', 'list', '--data-dir', dataDir])).stdout).toContain('No users');
  });
});

describe('toolgate clients', () => {
  it('adds a client, printing the secret once, then updates, lists, rotates and removes it', async () => {
    const added = await inProcess([
      'clients', 'add', '--name', 'Claude', '--redirect-uri', 'https://claude.ai/api/mcp/auth_callback', '--redirect-uri', 'https://claude.com/api/mcp/auth_callback',
      '--allowed-ip', '203.0.113.0/24', '--data-dir', dataDir,
    ]);
    expect(added.code).toBe(0);
    const clientId = /Client ID:\s+(\S+)/.exec(added.stdout)![1]!;
    const secret = /Client secret:\s+(\S+)/.exec(added.stdout)![1]!;
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(added.stderr).toContain('cannot be shown again');
    const listed = await inProcess(['clients', 'list', '--data-dir', dataDir]);
    expect(listed.stdout).toMatch(new RegExp(`${clientId}\\s+Claude\\s+admin\\s+client_secret_basic\\s+203\\.0\\.113\\.0/24\\s+https://claude\\.ai/api/mcp/auth_callback https://claude\\.com/api/mcp/auth_callback`));
    expect(listed.stdout).not.toContain(secret);
    const updated = await inProcess(['clients', 'update', clientId, '--redirect-uri', 'https://chatgpt.com/connector_platform_oauth_redirect', '--any-ip', '--data-dir', dataDir]);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain('redirect URIs https://chatgpt.com/connector_platform_oauth_redirect; allowed IPs any; scopes all');
    const rotated = await inProcess(['clients', 'rotate-secret', clientId, '--data-dir', dataDir]);
    expect(rotated.code).toBe(0);
    expect(/Client secret:\s+(\S+)/.exec(rotated.stdout)![1]).not.toBe(secret);
    expect((await inProcess(['clients', 'remove', clientId, '--data-dir', dataDir])).code).toBe(0);
    expect((await inProcess(['clients', 'list', '--data-dir', dataDir])).stdout).toContain('No clients');
  });

  it('adds a public client without a secret', async () => {
    const added = await inProcess(['clients', 'add', '--name', 'CLI tool', '--redirect-uri', 'http://127.0.0.1:33418/callback', '--public', '--data-dir', dataDir]);
    expect(added.stdout).toContain('Client secret: none (public client: PKCE only)');
  });

  it.each([
    [['clients', 'add', '--redirect-uri', 'https://x.example/cb'], 2, /--name is required/],
    [['clients', 'rotate-secret'], 2, /exactly one CLIENT_ID/],
    [['clients', 'update', 'x', '--any-ip', '--allowed-ip', '10.0.0.0/8'], 2, /exclude each other/],
    [['clients', 'add', '--name', 'X', '--redirect-uri', 'http://x.example/cb'], 1, /must use https/],
    [['clients', 'add', '--name', 'X', '--redirect-uri', 'https://x.example/cb', '--allowed-ip', '300.0.0.0/8'], 1, /not an IP address/],
    [['clients', 'remove', 'no-such-client'], 1, /no client/],
    [['clients', 'update', 'no-such-client', '--name', 'Y'], 1, /no client/],
  ])('refuses %j', async (args, code, message) => {
    const result = await inProcess([...args, '--data-dir', dataDir]);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });
});

describe('toolgate audit', () => {
  it('lists nothing yet, and refuses a bad --since', async () => {
    expect((await inProcess(['audit', '--since', '24h', '--data-dir', dataDir])).stdout).toContain('No audited writes');
    expect(await inProcess(['audit', '--since', 'yesterday', '--data-dir', dataDir])).toMatchObject({ code: 2 });
  });
});

describe('the gateway data directory', () => {
  it('is locked while another process has it open, with a message saying what to do', async () => {
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
    const saved = process.env.NOTES_BASE_URL;
    process.env.NOTES_BASE_URL = upstream.url;
    try {
      const result = await inProcess(['serve', '--manifests', NOTES_PACK, '--port', '0', '--data-dir', path.join(dir, 'untouched'), ...args]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(existsSync(path.join(dir, 'untouched'))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.NOTES_BASE_URL;
      else process.env.NOTES_BASE_URL = saved;
    }
  });
});
