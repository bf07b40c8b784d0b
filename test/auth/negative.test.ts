import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_HEADERS, postMcp, rawRequest } from '../support/raw-http.js';
import { EDITOR, startAuthStack, VIEWER, type AuthStack, type Credentials } from './support/auth-stack.js';
import { HttpUserAgent, parseForms, signIn } from './support/browser-less.js';
import { decodeClaims, mintAccessToken } from './support/mint.js';
import { authorizationUrl, pkcePair, tokenRequest } from './support/pkce.js';

// Every way in that must stay shut, each refused with the right status and error code: the
// authorization endpoint, the token endpoint, registration, the login forms and the MCP endpoint.

const REDIRECT = 'http://127.0.0.1:9/callback';
const CODE_TTL = 2;
let stack: AuthStack;
let confidential: { clientId: string; clientSecret?: string };
let other: { clientId: string; clientSecret?: string };
let fenced: { clientId: string; clientSecret?: string };
let publicClient: { clientId: string };

beforeAll(async () => {
  stack = await startAuthStack({ settings: { ttl: { authorizationCode: CODE_TTL } } });
  confidential = await stack.addClient({ name: 'Confidential', redirectUris: [REDIRECT] });
  other = await stack.addClient({ name: 'Other', redirectUris: [REDIRECT] });
  fenced = await stack.addClient({ name: 'Fenced', redirectUris: [REDIRECT], allowedIpRanges: ['10.0.0.0/8'] });
  publicClient = (await stack.addClient({ name: 'Public', redirectUris: [REDIRECT], public: true })) as { clientId: string };
});
afterAll(() => stack?.close());

type Client = { clientId: string; clientSecret?: string };

/** The redirect the authorization endpoint answers with, or the page when it refuses to redirect. */
async function authorizeResult(url: URL, user: Credentials = EDITOR): Promise<{ redirect?: URL; status?: number; html?: string }> {
  const agent = new HttpUserAgent(stack.origin);
  const first = await agent.open(url.href);
  if ('redirect' in first) return { redirect: new URL(first.redirect) };
  if (!parseForms(first.html, first.url).some((f) => 'password' in f.fields)) return { status: first.status, html: first.html };
  return { redirect: await signIn(url, { serverOrigin: stack.origin, ...user }) };
}

async function codeFor(client: Client, options: { user?: Credentials; redirectUri?: string } = {}): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = pkcePair();
  const url = authorizationUrl(stack.origin, { clientId: client.clientId, redirectUri: options.redirectUri ?? REDIRECT, challenge, resource: stack.mcpUrl });
  const redirect = await signIn(url, { serverOrigin: stack.origin, ...(options.user ?? EDITOR) });
  const code = redirect.searchParams.get('code');
  if (!code) throw new Error(`no code: ${redirect.href}`);
  return { code, verifier };
}

function exchange(client: Client, code: string, verifier: string | undefined, extra: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const params: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...extra };
  if (verifier !== undefined) params.code_verifier = verifier;
  return tokenRequest(stack.origin, params, { id: client.clientId, secret: client.clientSecret }, headers);
}

async function tokensFor(client: Client, user: Credentials = EDITOR): Promise<{ access_token: string; refresh_token: string }> {
  const { code, verifier } = await codeFor(client, { user });
  const response = await exchange(client, code, verifier);
  expect(response.status).toBe(200);
  return response.body as { access_token: string; refresh_token: string };
}

function refresh(client: Client, refreshToken: string, headers: Record<string, string> = {}) {
  return tokenRequest(stack.origin, { grant_type: 'refresh_token', refresh_token: refreshToken }, { id: client.clientId, secret: client.clientSecret }, headers);
}

function mcp(token: string | undefined, body: unknown = { jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers: Record<string, string> = {}) {
  return postMcp(stack.mcpUrl, body, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });
}

function register(metadata: Record<string, unknown>) {
  return rawRequest(`${stack.origin}/v1/oauth/register`, {
    headers: { 'content-type': 'application/json', host: new URL(stack.origin).host },
    body: { client_name: 'Registrant', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post', ...metadata },
  });
}

/** The error of an authorization response: in the query, or in the fragment for a token response type. */
const paramsOf = (redirect: URL | undefined) => (redirect?.hash ? new URLSearchParams(redirect.hash.slice(1)) : redirect?.searchParams);
const errorOf = (redirect: URL | undefined) => paramsOf(redirect)?.get('error');

describe('authorization endpoint', () => {
  it.each([
    ['no code_challenge (PKCE is required for every client)', { challenge: undefined }, 'invalid_request'],
    ['the plain PKCE method', { method: 'plain', challenge: 'a'.repeat(43) }, 'invalid_request'],
    ['a malformed code_challenge', { challenge: 'short' }, 'invalid_request'],
    ['response_type token (implicit grant)', { extra: { response_type: 'token' } }, 'unsupported_response_type'],
    ['a resource that is not served here (another audience)', { resource: 'https://other.example/mcp' }, 'invalid_target'],
    ['a scope the client may not ask for', { client: 'scoped', scope: 'notes.write' }, 'invalid_scope'],
  ] as const)('refuses %s with an error redirect carrying iss', async (_name, overrides, error) => {
    const client = 'client' in overrides ? await stack.addClient({ name: 'Scoped', redirectUris: [REDIRECT], scopes: ['notes.read'] }) : confidential;
    const { challenge } = pkcePair();
    const o = overrides as { challenge?: string; method?: string; resource?: string; scope?: string; extra?: Record<string, string> };
    const url = authorizationUrl(stack.origin, {
      clientId: client.clientId,
      redirectUri: REDIRECT,
      challenge: 'challenge' in o ? o.challenge : challenge,
      method: o.method,
      resource: o.resource ?? stack.mcpUrl,
      scope: o.scope,
    });
    for (const [k, v] of Object.entries(o.extra ?? {})) url.searchParams.set(k, v);
    const result = await authorizeResult(url);
    expect(errorOf(result.redirect), JSON.stringify(result)).toBe(error);
    expect(paramsOf(result.redirect)!.get('iss')).toBe(stack.issuer);
  });

  it.each<[string, { clientId?: string; redirectUri?: string }, number, string]>([
    ['an unknown client', { clientId: 'no-such-client' }, 400, 'invalid_client'],
    ['a redirect_uri that is not registered', { redirectUri: 'https://attacker.example/callback' }, 400, 'invalid_redirect_uri'],
    ['a redirect_uri that differs by a trailing slash', { redirectUri: `${REDIRECT}/` }, 400, 'invalid_redirect_uri'],
    ['a missing redirect_uri, even with one registered', { redirectUri: '' }, 400, 'invalid_request'],
  ])('refuses %s on its own page, never redirecting', async (_name, overrides, status, error) => {
    const { challenge } = pkcePair();
    const url = authorizationUrl(stack.origin, { clientId: confidential.clientId, redirectUri: REDIRECT, challenge, ...overrides });
    if (overrides.redirectUri === '') url.searchParams.delete('redirect_uri');
    const result = await authorizeResult(url);
    expect(result.redirect).toBeUndefined();
    expect(result.status).toBe(status);
    expect(result.html).toContain(`(${error})`);
  });
});

describe('token endpoint', () => {
  it('refuses a wrong PKCE verifier', async () => {
    const { code } = await codeFor(confidential);
    expect(await exchange(confidential, code, pkcePair().verifier)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a missing PKCE verifier', async () => {
    const { code } = await codeFor(confidential);
    expect(await exchange(confidential, code, undefined)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a reused code, and revokes what the first use issued', async () => {
    const { code, verifier } = await codeFor(confidential);
    const first = await exchange(confidential, code, verifier);
    expect(first.status).toBe(200);
    expect(await exchange(confidential, code, verifier)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await refresh(confidential, String(first.body.refresh_token))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await mcp(String(first.body.access_token))).status).toBe(401);
  });

  it('refuses an expired code', async () => {
    const { code, verifier } = await codeFor(confidential);
    await new Promise((resolve) => setTimeout(resolve, (CODE_TTL + 1) * 1000));
    expect(await exchange(confidential, code, verifier)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a redirect_uri other than the one the code was issued for', async () => {
    const { code, verifier } = await codeFor(confidential);
    expect(await exchange(confidential, code, verifier, { redirect_uri: 'http://127.0.0.1:9/other' })).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it("refuses a code issued to another client", async () => {
    const { code, verifier } = await codeFor(confidential);
    expect(await exchange(other, code, verifier)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('answers 401 invalid_client to an unknown client, so that it registers again', async () => {
    const response = await tokenRequest(stack.origin, { grant_type: 'refresh_token', refresh_token: 'x' }, { id: 'forgotten-client', secret: 'secret', method: 'client_secret_post' });
    expect(response).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it.each(['client_secret_basic', 'client_secret_post'] as const)('refuses a wrong secret sent with %s (401 invalid_client)', async (method) => {
    const response = await tokenRequest(stack.origin, { grant_type: 'refresh_token', refresh_token: 'x' }, { id: confidential.clientId, secret: 'wrong-secret', method });
    expect(response).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    if (method === 'client_secret_basic') expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  it('refuses a confidential client that sends no secret', async () => {
    const response = await tokenRequest(stack.origin, { grant_type: 'refresh_token', refresh_token: 'x' }, { id: confidential.clientId, method: 'none' });
    expect(response).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it.each([
    ['password', { username: EDITOR.email, password: EDITOR.password }],
    ['client_credentials', {}],
    ['urn:ietf:params:oauth:grant-type:device_code', { device_code: 'x' }],
  ])('refuses the %s grant', async (grant, extra) => {
    const response = await tokenRequest(stack.origin, { grant_type: grant, ...extra }, { id: confidential.clientId, secret: confidential.clientSecret });
    expect(response).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
  });

  it('detects refresh token reuse: the reused token, its successor and the access tokens all die', async () => {
    const tokens = await tokensFor(confidential);
    const rotated = await refresh(confidential, tokens.refresh_token);
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(await refresh(confidential, tokens.refresh_token)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await refresh(confidential, String(rotated.body.refresh_token))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await mcp(String(rotated.body.access_token))).status).toBe(401);
  });

  it("refuses another client's refresh token", async () => {
    const tokens = await tokensFor(confidential);
    expect(await refresh(other, tokens.refresh_token)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a revoked refresh token', async () => {
    const tokens = await tokensFor(confidential);
    const revoked = await tokenRequest(stack.origin, { token: tokens.refresh_token }, { id: confidential.clientId, secret: confidential.clientSecret }, {}, '/v1/users/oauth/revoke');
    expect(revoked.status).toBe(200);
    expect(await refresh(confidential, tokens.refresh_token)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a refresh for a resource the grant does not cover', async () => {
    const tokens = await tokensFor(confidential);
    const response = await tokenRequest(stack.origin, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, resource: 'https://other.example/mcp' }, { id: confidential.clientId, secret: confidential.clientSecret });
    expect(response).toMatchObject({ status: 400, body: { error: 'invalid_target' } });
  });

  it("refuses a client's token request from outside its allowed IP ranges (403 access_denied)", async () => {
    const { code, verifier } = await codeFor(fenced);
    expect(await exchange(fenced, code, verifier)).toMatchObject({ status: 403, body: { error: 'access_denied' } });
  });

  it('does not believe a forged X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const { code, verifier } = await codeFor(fenced);
    expect(await exchange(fenced, code, verifier, {}, { 'x-forwarded-for': '10.1.2.3' })).toMatchObject({ status: 403, body: { error: 'access_denied' } });
  });

  it("refuses to revoke another confidential client's token", async () => {
    const tokens = await tokensFor(confidential);
    const response = await tokenRequest(stack.origin, { token: tokens.access_token }, { id: other.clientId, secret: other.clientSecret }, {}, '/v1/users/oauth/revoke');
    expect(response).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect((await mcp(tokens.access_token)).status).toBe(200);
  });

  it("tells another client nothing about a token (introspection answers active: false)", async () => {
    const tokens = await tokensFor(confidential);
    const mine = await tokenRequest(stack.origin, { token: tokens.access_token }, { id: confidential.clientId, secret: confidential.clientSecret }, {}, '/v1/users/oauth/introspect');
    expect(mine).toMatchObject({ status: 200, body: { active: true, client_id: confidential.clientId, aud: [stack.mcpUrl] } });
    const theirs = await tokenRequest(stack.origin, { token: tokens.access_token }, { id: other.clientId, secret: other.clientSecret }, {}, '/v1/users/oauth/introspect');
    expect(theirs).toMatchObject({ status: 200, body: { active: false } });
  });
});

describe('dynamic client registration', () => {
  it.each([
    ['a redirect host that is not on the allow-list', { redirect_uris: ['https://attacker.example/callback'] }, 'invalid_redirect_uri'],
    ['plain http to an allowed host', { redirect_uris: ['http://claude.ai/api/mcp/auth_callback'] }, 'invalid_redirect_uri'],
    ['allowed IP ranges (an administrator sets them)', { redirect_uris: ['https://claude.ai/api/mcp/auth_callback'], allowed_ip_ranges: ['0.0.0.0/0'] }, 'invalid_client_metadata'],
    ['the implicit grant', { redirect_uris: ['https://claude.ai/api/mcp/auth_callback'], grant_types: ['implicit'], response_types: ['token'] }, 'invalid_client_metadata'],
    ['an authentication method this server does not offer', { redirect_uris: ['https://claude.ai/api/mcp/auth_callback'], token_endpoint_auth_method: 'private_key_jwt' }, 'invalid_client_metadata'],
    ['a scope this server does not have', { redirect_uris: ['https://claude.ai/api/mcp/auth_callback'], scope: 'notes.read admin.everything' }, 'invalid_client_metadata'],
  ])('refuses %s', async (_name, metadata, error) => {
    const response = await register(metadata);
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error });
  });

  it('accepts Claude, ChatGPT and Copilot Studio callbacks, and stores only a hash of the secret', async () => {
    const response = await register({
      redirect_uris: ['https://claude.ai/api/mcp/auth_callback', 'https://chatgpt.com/connector_platform_oauth_redirect', 'https://global.consent.azure-apim.net/redirect/x'],
    });
    expect(response.status).toBe(201);
    const body = response.json as { client_id: string; client_secret: string };
    const { rows } = await stack.store.query<{ secret: string }>(`SELECT metadata->>'client_secret' AS secret FROM auth.clients WHERE client_id = $1`, [body.client_id]);
    expect(rows[0]!.secret).toMatch(/^sha256\$/);
    expect(rows[0]!.secret).not.toContain(body.client_secret);
  });
});

describe('login and consent forms', () => {
  async function loginPage(): Promise<{ agent: HttpUserAgent; form: ReturnType<typeof parseForms>[number] }> {
    const agent = new HttpUserAgent(stack.origin);
    const page = await agent.open(authorizationUrl(stack.origin, { clientId: confidential.clientId, redirectUri: REDIRECT, challenge: pkcePair().challenge, resource: stack.mcpUrl }).href);
    if ('redirect' in page) throw new Error('expected the login page');
    return { agent, form: parseForms(page.html, page.url).find((f) => 'password' in f.fields)! };
  }

  it('refuses a post without the CSRF token', async () => {
    const { agent, form } = await loginPage();
    const page = await agent.submit({ ...form, fields: { ...form.fields, csrf: 'forged' } }, { email: EDITOR.email, password: EDITOR.password });
    expect(page).toMatchObject({ status: 403 });
  });

  it('refuses a post from another Origin', async () => {
    const { agent, form } = await loginPage();
    const response = await agent.request(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://attacker.example' },
      body: new URLSearchParams({ ...form.fields, email: EDITOR.email, password: EDITOR.password }).toString(),
    });
    expect(response.status).toBe(403);
  });

  it('refuses a post without the interaction cookie (a cross-site post carries no SameSite=Lax cookie)', async () => {
    const { agent, form } = await loginPage();
    agent.jar.clear();
    const page = await agent.submit(form, { email: EDITOR.email, password: EDITOR.password });
    expect(page).toMatchObject({ status: 400 });
  });

  it('answers a wrong password with 401 on the page, and no session', async () => {
    const { agent, form } = await loginPage();
    const page = await agent.submit(form, { email: EDITOR.email, password: 'wrong-password' });
    expect(page).toMatchObject({ status: 401 });
    expect('html' in page && page.html).toContain('not correct');
  });

  it('a denied consent sends the client access_denied', async () => {
    const redirect = await signIn(authorizationUrl(stack.origin, { clientId: other.clientId, redirectUri: REDIRECT, challenge: pkcePair().challenge, resource: stack.mcpUrl }), {
      serverOrigin: stack.origin,
      ...VIEWER,
      consent: 'deny',
    });
    expect(errorOf(redirect)).toBe('access_denied');
  });
});

describe('MCP endpoint (resource server)', () => {
  let good: { access_token: string; refresh_token: string };
  let claims: Record<string, unknown>;

  beforeAll(async () => {
    good = await tokensFor(confidential);
    claims = decodeClaims(good.access_token);
  });

  const unauthorized = async (token: string | undefined, description: RegExp, headers: Record<string, string> = {}) => {
    const response = await mcp(token, undefined, headers);
    expect(response.status).toBe(401);
    const challenge = String(response.headers['www-authenticate']);
    expect(challenge).toContain(`resource_metadata="${stack.origin}/.well-known/oauth-protected-resource/v1/ds-mcp/mcp"`);
    if (token) expect(challenge).toContain('error="invalid_token"');
    expect((response.json as { error_description: string }).error_description).toMatch(description);
  };

  it('401 without a token, naming the resource metadata and no error code (RFC 6750 §3.1)', async () => {
    await unauthorized(undefined, /Authentication required/);
    const response = await mcp(undefined);
    expect(response.headers['www-authenticate']).not.toContain('error=');
  });

  it('401 with another scheme (Basic)', async () => {
    const response = await mcp(undefined, undefined, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(response.status).toBe(401);
  });

  it('400 invalid_request for a malformed Authorization header', async () => {
    const response = await mcp(undefined, undefined, { authorization: 'Bearer two tokens' });
    expect(response).toMatchObject({ status: 400, json: { error: 'invalid_request' } });
  });

  it('401 for a token in the query string (never accepted there)', async () => {
    const response = await rawRequest(`${stack.mcpUrl}?access_token=${good.access_token}`, { body: { jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers: { ...MCP_HEADERS, host: new URL(stack.origin).host } });
    expect(response.status).toBe(401);
  });

  it('401 for a garbage token', () => unauthorized('not-a-jwt', /malformed/));

  it('401 for a token signed with another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'attacker' }).sign(privateKey);
    await unauthorized(forged, /signature/);
  });

  it("401 for an unsigned token (alg none)", async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    await unauthorized(`${header}.${body}.`, /malformed|signature/);
  });

  it('401 for a token whose audience is another resource', async () => unauthorized(await mintAccessToken(stack.store, { ...claims, aud: 'https://other.example/mcp' }), /audience/));

  it('401 for an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    await unauthorized(await mintAccessToken(stack.store, { ...claims, iat: now - 7200, exp: now - 3600 }), /expired/);
  });

  it('401 for a token from another issuer', async () => unauthorized(await mintAccessToken(stack.store, { ...claims, iss: 'https://evil.example' }), /another authorization server/));

  it('401 for a JWT that is not an access token (typ)', async () => unauthorized(await mintAccessToken(stack.store, claims, { typ: 'JWT' }), /typ/));

  it('401 for a revoked access token', async () => {
    const tokens = await tokensFor(confidential);
    const revoked = await tokenRequest(stack.origin, { token: tokens.access_token }, { id: confidential.clientId, secret: confidential.clientSecret }, {}, '/v1/users/oauth/revoke');
    expect(revoked.status).toBe(200);
    await unauthorized(tokens.access_token, /revoked/);
  });

  it('401 for the token of a user who was removed', async () => {
    const user = { email: 'leaver@example.com', password: 'leaver-password-1' };
    await stack.server.auth!.users.add({ ...user, role: 'editor' });
    const tokens = await tokensFor(confidential, user);
    expect((await mcp(tokens.access_token)).status).toBe(200);
    await stack.server.auth!.users.remove(user.email);
    await unauthorized(tokens.access_token, /revoked|no longer exists/);
  });

  it('403 insufficient_scope naming every scope the tool needs', async () => {
    const viewer = await tokensFor(confidential, VIEWER);
    const response = await mcp(viewer.access_token, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'create_note', arguments: { title: 't', context: 'Personal' } } });
    expect(response).toMatchObject({ status: 403, json: { error: 'insufficient_scope' } });
    const challenge = String(response.headers['www-authenticate']);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toMatch(/scope="notes\.write notes\.read"/);
    expect(challenge).toContain('resource_metadata=');
  });

  it('403 for a token minted with a scope the user\'s role does not allow (the role bounds it)', async () => {
    const viewer = decodeClaims((await tokensFor(confidential, VIEWER)).access_token);
    const token = await mintAccessToken(stack.store, { ...viewer, scope: 'notes.read notes.write' });
    const response = await mcp(token, { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'create_note', arguments: { title: 't', context: 'Personal' } } });
    expect(response).toMatchObject({ status: 403, json: { error: 'insufficient_scope' } });
  });

  it("403 access_denied for a request from outside the client's allowed IP ranges", async () => {
    const token = await mintAccessToken(stack.store, { ...claims, client_id: fenced.clientId });
    const response = await mcp(token, undefined, { 'x-forwarded-for': '10.9.9.9' });
    expect(response).toMatchObject({ status: 403, json: { error: 'access_denied' } });
  });

  it('403 for a request with a foreign Origin, even with a good token', async () => {
    const response = await mcp(good.access_token, undefined, { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
  });

  it('403 for a request with a foreign Host (DNS rebinding), even with a good token', async () => {
    const response = await mcp(good.access_token, undefined, { host: 'evil.example' });
    expect(response.status).toBe(403);
  });

  it('and the good token works', async () => {
    expect((await mcp(good.access_token)).status).toBe(200);
  });
});
