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
import { signIn } from '../../test/auth/support/browser-less.js';
import { MemoryOAuthProvider } from '../../test/auth/support/oauth-client.js';
import { runToEnd } from './child.js';

export interface ToolgateAuth {
  /** Shown in the table next to the row's name. */
  label: string;
  /** A fresh gateway state for one server, and how calls to it authenticate. */
  prepare(toolgateBin: string): Promise<AuthSetup>;
}

export interface AuthSetup {
  serveArgs: readonly string[];
  /** The headers of every call (the bearer token); obtained once per server, then reused. */
  headers(mcpUrl: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export const NO_AUTH: ToolgateAuth = {
  label: 'auth OFF: --no-auth',
  async prepare() {
    return { serveArgs: ['--no-auth', '--data-dir', 'memory://'], headers: async () => ({}), close: async () => {} };
  },
};

const USER = 'bench-editor@example.com';
// RFC 8252 §7.3: a command-line client receives the code on a loopback redirect; nothing listens
// there, the sign-in helper stops at the redirect and reads the code from its URL.
const REDIRECT = 'http://127.0.0.1:9/callback';

export const OAUTH: ToolgateAuth = {
  label: 'auth ON: OAuth 2.1 JWT from its own issuer',
  async prepare(toolgateBin) {
    const dir = await mkdtemp(path.join(tmpdir(), 'toolgate-bench-gateway-'));
    const dataDir = path.join(dir, 'state');
    const password = randomBytes(18).toString('base64url');
    await runToEnd({
      name: 'toolgate users add',
      command: process.execPath,
      args: [toolgateBin, 'users', 'add', '--email', USER, '--role', 'editor', '--data-dir', dataDir],
      input: `${password}\n`,
      timeoutMs: 60_000,
    });
    const tokens = new Map<string, string>();
    return {
      serveArgs: ['--data-dir', dataDir],
      async headers(mcpUrl) {
        let token = tokens.get(mcpUrl);
        if (!token) {
          token = await signInForToken(mcpUrl, password);
          tokens.set(mcpUrl, token);
        }
        return { authorization: `Bearer ${token}` };
      },
      close: () => rm(dir, { recursive: true, force: true }),
    };
  },
};

async function signInForToken(mcpUrl: string, password: string): Promise<string> {
  const provider = new MemoryOAuthProvider(REDIRECT, {
    client_name: 'toolgate bench',
    redirect_uris: [REDIRECT],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  });
  if ((await sdkAuth(provider, { serverUrl: mcpUrl })) !== 'REDIRECT') throw new Error('the OAuth flow did not ask for a sign-in');
  const callback = await signIn(provider.authorizationUrl!, { serverOrigin: new URL(mcpUrl).origin, email: USER, password });
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`the sign-in did not return a code: ${callback.href}`);
  if ((await sdkAuth(provider, { serverUrl: mcpUrl, authorizationCode: code })) !== 'AUTHORIZED') throw new Error('the code was not exchanged for a token');
  return provider.saved!.access_token;
}

export function toolgateAuth(mode: 'on' | 'off'): ToolgateAuth {
  return mode === 'off' ? NO_AUTH : OAUTH;
}
