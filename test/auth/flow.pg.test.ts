import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dropNamespace, openStore } from '../../engine/store/index.js';
import { authorize, EDITOR, startAuthStack, type AuthStack } from './support/auth-stack.js';
import { MemoryOAuthProvider } from './support/oauth-client.js';

// Run by `npm run test:postgres`: the whole OAuth flow with the gateway's state on a PostgreSQL
// server, including a restart mid-session (a new process on the same database). A missing
// DATABASE_URL is a failure, not a skip.

const REDIRECT = 'http://127.0.0.1:9/callback';
let stack: AuthStack;

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the PostgreSQL OAuth flow needs a server');
  return url;
}

beforeAll(async () => {
  const fresh = await openStore({ databaseUrl: databaseUrl() });
  for (const namespace of ['auth', 'audit']) await dropNamespace(fresh, namespace);
  await fresh.close();
  stack = await startAuthStack({ open: () => openStore({ databaseUrl: databaseUrl() }) });
});
afterAll(() => stack?.close());

async function write(provider: MemoryOAuthProvider, title: string): Promise<CallToolResult> {
  const client = new Client({ name: 'pg-flow', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(stack.mcpUrl), { authProvider: provider }));
  try {
    return (await client.callTool({ name: 'create_note', arguments: { title, context: 'Personal' } })) as CallToolResult;
  } finally {
    await client.close();
  }
}

it('registers, signs in, writes (audited), survives a restart and refreshes, on PostgreSQL', async () => {
  expect(stack.store.kind).toBe('postgres');
  const provider = new MemoryOAuthProvider(REDIRECT, { client_name: 'PostgreSQL flow', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'client_secret_basic' });
  expect(await auth(provider, { serverUrl: stack.mcpUrl })).toBe('REDIRECT');
  const callback = await authorize(stack, provider.authorizationUrl!, EDITOR);
  expect(await auth(provider, { serverUrl: stack.mcpUrl, authorizationCode: callback.searchParams.get('code')! })).toBe('AUTHORIZED');
  expect((await write(provider, 'before restart')).isError).toBeFalsy();

  await stack.restart();

  expect((await write(provider, 'after restart')).isError).toBeFalsy();
  const before = provider.saved!.refresh_token;
  expect(await auth(provider, { serverUrl: stack.mcpUrl })).toBe('AUTHORIZED');
  expect(provider.saved!.refresh_token).not.toBe(before);
  const audited = await stack.server.audit.list({ user: EDITOR.email });
  expect(audited.map((r) => r.outcome)).toEqual(['succeeded', 'succeeded']);
  expect(new Set(audited.map((r) => r.clientId))).toEqual(new Set([provider.client!.client_id]));
});
