/**
 * How the toolgate row is authenticated. With auth on (the default) each toolgate server gets its
 * own gateway state in a temporary PGlite directory with one editor added by `toolgate users add`,
 * and the bench obtains its token the way an MCP client does: the SDK's client-side OAuth
 * (RFC 9728 discovery, dynamic client registration, authorization code with PKCE S256), the
 * login and consent forms submitted over HTTP, then the code exchanged for a JWT access token
 * bound to the MCP URL. Every call carries it, and the server verifies it and every policy check.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { auth as sdkAuth } from '@modelcontextprotocol/sdk/client/auth.js';
import pg from 'pg';
import { signIn } from '../../test/auth/support/browser-less.js';
import { MemoryOAuthProvider, selfRegisteredClient } from '../../test/auth/support/oauth-client.js';
import { runToEnd } from './child.js';

export interface ToolgateAuth {
  /** Shown in the table next to the row's name. */
  label: string;
  /** A fresh gateway state for one server, and how calls to it authenticate. */
  prepare(toolgateBin: string): Promise<AuthSetup>;
}

export interface AuthSetup {
  serveArgs: readonly string[];
  /** Environment of the server process (DATABASE_URL when the gateway state is in PostgreSQL). */
  serveEnv: Record<string, string>;
  /** The headers of every call (the bearer token); obtained once per server, then reused. */
  headers(mcpUrl: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export const NO_AUTH: ToolgateAuth = {
  label: 'auth OFF: --no-auth',
  async prepare() {
    return { serveArgs: ['--no-auth', '--data-dir', 'memory://'], serveEnv: {}, headers: async () => ({}), close: async () => {} };
  },
};

const USER = 'bench-editor@example.com';
// RFC 8252 §7.3: a command-line client receives the code on a loopback redirect; nothing listens
// there, the sign-in helper stops at the redirect and reads the code from its URL.
const REDIRECT = 'http://127.0.0.1:9/callback';

/**
 * Auth on. The gateway state is a temporary PGlite directory (the default, embedded), or, with a
 * PostgreSQL server URL (`--gateway-db`), a scratch database made on that server for this one
 * toolgate and dropped afterwards: the way a deployment with replicas runs, and the server's RSS
 * without the embedded database in it.
 */
export function oauth(gatewayDb?: string): ToolgateAuth {
  return {
    label: `auth ON: OAuth 2.1 JWT from its own issuer${gatewayDb ? '; state in PostgreSQL' : ''}`,
    async prepare(toolgateBin) {
      const dir = await mkdtemp(path.join(tmpdir(), 'toolgate-bench-gateway-'));
      const dataDir = path.join(dir, 'state');
      const database = gatewayDb ? await scratchDatabase(gatewayDb) : undefined;
      const serveEnv: Record<string, string> = database ? { DATABASE_URL: database.url } : {};
      const password = randomBytes(18).toString('base64url');
      const close = async () => {
        await rm(dir, { recursive: true, force: true });
        await database?.drop();
      };
      try {
        await runToEnd({
          name: 'toolgate users add',
          command: process.execPath,
          args: [toolgateBin, 'users', 'add', '--email', USER, '--role', 'editor', '--data-dir', dataDir],
          env: serveEnv,
          input: `${password}\n`,
          timeoutMs: 60_000,
        });
      } catch (error) {
        await close();
        throw error;
      }
      const tokens = new Map<string, string>();
      return {
        serveArgs: ['--data-dir', dataDir],
        serveEnv,
        async headers(mcpUrl) {
          let token = tokens.get(mcpUrl);
          if (!token) {
            token = await signInForToken(mcpUrl, password);
            tokens.set(mcpUrl, token);
          }
          return { authorization: `Bearer ${token}` };
        },
        close,
      };
    },
  };
}

/** A fresh database on the server `serverUrl` points at, named for this run. */
async function scratchDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `toolgate_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function signInForToken(mcpUrl: string, password: string): Promise<string> {
  const provider = new MemoryOAuthProvider(REDIRECT, selfRegisteredClient('toolgate bench', REDIRECT));
  if ((await sdkAuth(provider, { serverUrl: mcpUrl })) !== 'REDIRECT') throw new Error('the OAuth flow did not ask for a sign-in');
  const callback = await signIn(provider.authorizationUrl!, { serverOrigin: new URL(mcpUrl).origin, email: USER, password });
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`the sign-in did not return a code: ${callback.href}`);
  if ((await sdkAuth(provider, { serverUrl: mcpUrl, authorizationCode: code })) !== 'AUTHORIZED') throw new Error('the code was not exchanged for a token');
  return provider.saved!.access_token;
}

export function toolgateAuth(mode: 'on' | 'off', gatewayDb?: string): ToolgateAuth {
  return mode === 'off' ? NO_AUTH : oauth(gatewayDb);
}
