import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, EDITOR, startAuthStack, VIEWER, type AuthStack, type Credentials } from './support/auth-stack.js';
import { HttpUserAgent, parseForms } from './support/browser-less.js';
import { MemoryOAuthProvider, selfRegisteredClient } from './support/oauth-client.js';

// The whole set-up story of the seed article, headless, with the MCP SDK's own client-side OAuth:
// discovery (RFC 9728 → RFC 8414), registration (dynamic, or an admin's client), PKCE, the login
// form and the consent form submitted over HTTP, the token, tools/list, tools/call, refresh and
// revocation.

let stack: AuthStack;
const REDIRECT = 'http://127.0.0.1:9/callback';

beforeAll(async () => {
  stack = await startAuthStack();
});
afterAll(() => stack?.close());

/** auth() until it redirects, the user signs in, auth() again with the code: what a client does. */
async function connectWithOAuth(provider: MemoryOAuthProvider, user: Credentials): Promise<URL> {
  expect(await auth(provider, { serverUrl: stack.mcpUrl })).toBe('REDIRECT');
  const callback = await authorize(stack, provider.authorizationUrl!, user);
  expect(callback.origin + callback.pathname).toBe(REDIRECT);
  // RFC 9207: the issuer comes back with the code, and state is echoed unchanged.
  expect(callback.searchParams.get('iss')).toBe(stack.issuer);
  expect(callback.searchParams.get('state')).toBe(provider.lastState);
  expect(await auth(provider, { serverUrl: stack.mcpUrl, authorizationCode: callback.searchParams.get('code')! })).toBe('AUTHORIZED');
  return callback;
}

async function mcpClient(provider: MemoryOAuthProvider): Promise<Client> {
  const client = new Client({ name: 'oauth-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(stack.mcpUrl), { authProvider: provider }));
  return client;
}

function accessTokenClaims(provider: MemoryOAuthProvider): Record<string, unknown> {
  const [, payload] = provider.saved!.access_token.split('.');
  return JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function revoke(provider: MemoryOAuthProvider, token: string): Promise<Response> {
  const info = provider.client!;
  const body = new URLSearchParams({ token, client_id: info.client_id });
  if ('client_secret' in info && info.client_secret) body.set('client_secret', info.client_secret);
  return fetch(`${stack.origin}/v1/users/oauth/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
}

describe('a client that registers itself (DCR), as Claude and ChatGPT do', () => {
  const provider = new MemoryOAuthProvider(REDIRECT, selfRegisteredClient('Claude (test)', REDIRECT));
  let client: Client;

  it('discovers, registers, signs in with PKCE, consents and gets a JWT for the MCP URL', async () => {
    await connectWithOAuth(provider, EDITOR);
    expect(provider.client?.client_id).toBeTruthy();
    expect(provider.saved).toMatchObject({ token_type: expect.stringMatching(/^bearer$/i), refresh_token: expect.any(String), scope: 'notes.read notes.write' });
    const authUrl = provider.authorizationUrl!;
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('resource')).toBe(stack.mcpUrl);
    expect(accessTokenClaims(provider)).toMatchObject({ iss: stack.issuer, aud: stack.mcpUrl, client_id: provider.client!.client_id, scope: 'notes.read notes.write' });
  });

  it('lists and calls tools with the token; a write is audited with the user and the client', async () => {
    client = await mcpClient(provider);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('create_note');
    const read = (await client.callTool({ name: 'get_note', arguments: { id: 'n-1' } })) as CallToolResult;
    expect(read.isError).toBeFalsy();
    const write = (await client.callTool({ name: 'create_note', arguments: { title: 'From OAuth', text: 'hello', context: 'Personal' } })) as CallToolResult;
    expect(write.isError, JSON.stringify(write.content)).toBeFalsy();
    const [entry] = await stack.server.audit.list({ user: EDITOR.email, limit: 1 });
    expect(entry).toMatchObject({ tool: 'create_note', outcome: 'succeeded', email: EDITOR.email, clientId: provider.client!.client_id, upstreamRequests: 1 });
    expect(entry!.argsDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('refreshes: a new refresh token each time, and the old one is dead', async () => {
    const before = provider.saved!;
    expect(await auth(provider, { serverUrl: stack.mcpUrl })).toBe('AUTHORIZED');
    expect(provider.saved!.refresh_token).not.toBe(before.refresh_token);
    expect(provider.saved!.access_token).not.toBe(before.access_token);
    const result = (await client.callTool({ name: 'get_note', arguments: { id: 'n-1' } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
  });

  it('revokes: the refresh token, its grant and the access tokens issued under it', async () => {
    const tokens = provider.saved!;
    const response = await revoke(provider, tokens.refresh_token!);
    expect(response.status).toBe(200);
    const call = await fetch(stack.mcpUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(call.status).toBe(401);
    expect(call.headers.get('www-authenticate')).toContain('error="invalid_token"');
    await client.close();
  });
});

describe("an admin's client (the seed's OAuth application), with its client id and secret", () => {
  it.each(['client_secret_post', 'client_secret_basic'] as const)('works with %s', async (method) => {
    const { clientId, clientSecret } = await stack.addClient({ name: `Copilot Studio (${method})`, redirectUris: [REDIRECT] });
    const provider = new MemoryOAuthProvider(
      REDIRECT,
      { client_name: 'unused', redirect_uris: [REDIRECT] },
      { client_id: clientId, client_secret: clientSecret, token_endpoint_auth_method: method },
    );
    await connectWithOAuth(provider, EDITOR);
    expect(provider.client!.client_id).toBe(clientId); // no registration happened
    const client = await mcpClient(provider);
    const result = (await client.callTool({ name: 'list_notes', arguments: {} })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(await auth(provider, { serverUrl: stack.mcpUrl })).toBe('AUTHORIZED');
    const again = (await client.callTool({ name: 'get_note', arguments: { id: 'n-2' } })) as CallToolResult;
    expect(again.isError).toBeFalsy();
    expect((await revoke(provider, provider.saved!.refresh_token!)).status).toBe(200);
    await client.close();
  });
});

describe('roles bound the scopes', () => {
  it('a viewer gets the read scope only: reads work, a write is refused with 403 and audited', async () => {
    const provider = new MemoryOAuthProvider(REDIRECT, { client_name: 'Viewer app', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' });
    await connectWithOAuth(provider, VIEWER);
    expect(provider.saved!.scope).toBe('notes.read');
    const client = await mcpClient(provider);
    const read = (await client.callTool({ name: 'get_note', arguments: { id: 'n-1' } })) as CallToolResult;
    expect(read.isError).toBeFalsy();
    const refused = await client.callTool({ name: 'create_note', arguments: { title: 'x', context: 'Personal' } }).catch((e: unknown) => e);
    expect(String(refused)).toMatch(/403|insufficient_scope/);
    const [entry] = await stack.server.audit.list({ user: VIEWER.email, limit: 1 });
    expect(entry).toMatchObject({ tool: 'create_note', outcome: 'refused', reason: 'insufficient_scope', upstreamRequests: 0 });
    await client.close();
  });
});

describe('a client the server no longer knows', () => {
  it('gets 401 invalid_client on refresh, registers again and carries on', async () => {
    const provider = new MemoryOAuthProvider(REDIRECT, { client_name: 'Forgotten', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'client_secret_post' });
    await connectWithOAuth(provider, EDITOR);
    const first = provider.client!.client_id;
    await stack.clients.remove(first);
    // The refresh is refused with invalid_client: the SDK drops everything and starts over.
    expect(await auth(provider, { serverUrl: stack.mcpUrl })).toBe('REDIRECT');
    expect(provider.invalidated).toContain('all');
    const callback = await authorize(stack, provider.authorizationUrl!, EDITOR);
    expect(await auth(provider, { serverUrl: stack.mcpUrl, authorizationCode: callback.searchParams.get('code')! })).toBe('AUTHORIZED');
    expect(provider.client!.client_id).not.toBe(first);
  });
});

describe('remembered consent', () => {
  it('is asked once per user and client: a second sign-in, from a new browser, goes straight back', async () => {
    const provider = new MemoryOAuthProvider(REDIRECT, { client_name: 'Remembered', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' });
    await connectWithOAuth(provider, EDITOR);
    provider.saved = undefined;
    expect(await auth(provider, { serverUrl: stack.mcpUrl })).toBe('REDIRECT');
    const agent = new HttpUserAgent(stack.origin);
    const login = await agent.open(provider.authorizationUrl!.href);
    if ('redirect' in login) throw new Error('expected the login page');
    const form = parseForms(login.html, login.url).find((f) => 'password' in f.fields)!;
    const after = await agent.submit(form, { ...EDITOR });
    expect(after).toHaveProperty('redirect'); // no consent page this time
    const code = new URL((after as { redirect: string }).redirect).searchParams.get('code');
    expect(await auth(provider, { serverUrl: stack.mcpUrl, authorizationCode: code! })).toBe('AUTHORIZED');
  });
});
