import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authorize, EDITOR, startAuthStack, type AuthStack } from './support/auth-stack.js';
import { MemoryOAuthProvider } from './support/oauth-client.js';

// A restart in the middle of a session (PGlite on disk, as `toolgate serve` keeps it): the
// registered client, the grant, the refresh token and the signing keys all survive, so the
// client's access token still works and its refresh goes on.

const REDIRECT = 'http://127.0.0.1:9/callback';
let dir: string;
let stack: AuthStack;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'toolgate-auth-restart-'));
  stack = await startAuthStack({ dataDir: path.join(dir, 'gateway') });
});
afterAll(async () => {
  await stack?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function list(provider: MemoryOAuthProvider): Promise<CallToolResult> {
  const client = new Client({ name: 'restart', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(stack.mcpUrl), { authProvider: provider }));
  try {
    return (await client.callTool({ name: 'list_notes', arguments: {} })) as CallToolResult;
  } finally {
    await client.close();
  }
}

it('keeps clients, grants, refresh tokens and keys across a restart', async () => {
  const provider = new MemoryOAuthProvider(REDIRECT, { client_name: 'Restarted', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'client_secret_post' });
  expect(await auth(provider, { serverUrl: stack.mcpUrl })).toBe('REDIRECT');
  const callback = await authorize(stack, provider.authorizationUrl!, EDITOR);
  expect(await auth(provider, { serverUrl: stack.mcpUrl, authorizationCode: callback.searchParams.get('code')! })).toBe('AUTHORIZED');
  expect((await list(provider)).isError).toBeFalsy();
  const before = provider.saved!;

  await stack.restart();

  // The access token from before the restart is still valid: the keys and the grant were kept.
  expect((await list(provider)).isError).toBeFalsy();
  // The refresh token too: the client refreshes and goes on, with a rotated refresh token.
  expect(await auth(provider, { serverUrl: stack.mcpUrl })).toBe('AUTHORIZED');
  expect(provider.saved!.refresh_token).not.toBe(before.refresh_token);
  expect(provider.invalidated).toEqual([]);
  expect((await list(provider)).isError).toBeFalsy();
});
