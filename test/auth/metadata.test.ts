import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMcp, rawRequest } from '../support/raw-http.js';
import { EDITOR, startAuthStack, type AuthStack } from './support/auth-stack.js';
import { signIn } from './support/browser-less.js';
import { authorizationUrl, pkcePair, tokenRequest } from './support/pkce.js';

// What clients discover before they authenticate, and what browsers may read: RFC 8414 and
// OpenID discovery, RFC 9728 protected resource metadata, the JWKS, CORS, and the paths of the
// seed article (authorize, token, and Gainsight's own token path).

const INSPECTOR = 'http://localhost:6274';
let stack: AuthStack;

beforeAll(async () => {
  stack = await startAuthStack({ allowedOrigins: [INSPECTOR] });
});
afterAll(() => stack?.close());

const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${stack.origin}${path}`, { headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
};

describe('authorization server metadata', () => {
  it.each(['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'])('%s names this issuer exactly and the seed paths', async (path) => {
    const { status, body } = await get(path);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      issuer: stack.origin,
      authorization_endpoint: `${stack.origin}/v1/authorize`,
      token_endpoint: `${stack.origin}/v1/users/oauth/access/token`,
      revocation_endpoint: `${stack.origin}/v1/users/oauth/revoke`,
      introspection_endpoint: `${stack.origin}/v1/users/oauth/introspect`,
      registration_endpoint: `${stack.origin}/v1/oauth/register`,
      jwks_uri: `${stack.origin}/v1/oauth/jwks`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(body.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
    expect(body.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'client_secret_post', 'none']);
    expect(body.scopes_supported).toEqual(expect.arrayContaining(['notes.read', 'notes.write']));
    // Nothing the resource server would not enforce.
    expect(body).not.toHaveProperty('dpop_signing_alg_values_supported');
    expect(body).not.toHaveProperty('pushed_authorization_request_endpoint');
    expect(body).not.toHaveProperty('client_id_metadata_document_supported');
  });

  it('publishes only public signing keys', async () => {
    const { body } = await get('/v1/oauth/jwks');
    const keys = body.keys as Array<Record<string, unknown>>;
    expect(keys.map((k) => k.alg).sort()).toEqual(['ES256', 'RS256']);
    for (const key of keys) {
      expect(key.kid).toBeTruthy();
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(key).not.toHaveProperty(secret);
    }
  });
});

describe('protected resource metadata (RFC 9728)', () => {
  it.each(['/.well-known/oauth-protected-resource/v1/ds-mcp/mcp', '/.well-known/oauth-protected-resource'])('%s names the MCP URL as the resource', async (path) => {
    const { status, body, headers } = await get(path, { origin: 'https://claude.ai' });
    expect(status).toBe(200);
    expect(body).toEqual({
      resource: stack.mcpUrl,
      authorization_servers: [stack.issuer],
      scopes_supported: ['notes.read', 'notes.write'],
      bearer_methods_supported: ['header'],
      resource_name: 'Notes',
    });
    expect(headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('CORS on the MCP endpoint', () => {
  it('answers a preflight from an allowed Origin, allowing Authorization', async () => {
    const response = await rawRequest(stack.mcpUrl, {
      method: 'OPTIONS',
      headers: { host: new URL(stack.origin).host, origin: INSPECTOR, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, mcp-protocol-version' },
    });
    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(INSPECTOR);
    expect(String(response.headers['access-control-allow-headers'])).toMatch(/Authorization/);
    expect(String(response.headers['access-control-allow-methods'])).toMatch(/POST/);
  });

  it('lets the browser read WWW-Authenticate on a 401', async () => {
    const response = await postMcp(stack.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { origin: INSPECTOR });
    expect(response.status).toBe(401);
    expect(response.headers['access-control-allow-origin']).toBe(INSPECTOR);
    expect(String(response.headers['access-control-expose-headers'])).toContain('WWW-Authenticate');
  });

  it('gives another Origin no CORS headers, and a 403', async () => {
    const response = await rawRequest(stack.mcpUrl, {
      method: 'OPTIONS',
      headers: { host: new URL(stack.origin).host, origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(403);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe("Gainsight's token path", () => {
  it('/v1/users/oauth/token answers exactly like /v1/users/oauth/access/token', async () => {
    const client = await stack.addClient({ name: 'Alias', redirectUris: ['http://127.0.0.1:9/callback'] });
    const { verifier, challenge } = pkcePair();
    const redirect = await signIn(authorizationUrl(stack.origin, { clientId: client.clientId, redirectUri: 'http://127.0.0.1:9/callback', challenge }), { serverOrigin: stack.origin, ...EDITOR });
    const grant = { grant_type: 'authorization_code', code: redirect.searchParams.get('code')!, redirect_uri: 'http://127.0.0.1:9/callback', code_verifier: verifier };
    const tokens = await tokenRequest(stack.origin, grant, { id: client.clientId, secret: client.clientSecret }, {}, '/v1/users/oauth/token');
    expect(tokens.status).toBe(200);
    expect(tokens.headers.get('cache-control')).toBe('no-store');
    // A client that sends no resource still gets a token for the MCP URL (RFC 8707 default).
    expect(JSON.parse(Buffer.from(String(tokens.body.access_token).split('.')[1]!, 'base64url').toString())).toMatchObject({ aud: stack.mcpUrl });
    const refreshed = await tokenRequest(stack.origin, { grant_type: 'refresh_token', refresh_token: String(tokens.body.refresh_token) }, { id: client.clientId, secret: client.clientSecret }, {}, '/v1/users/oauth/token');
    expect(refreshed.status).toBe(200);
  });
});

describe('switches', () => {
  it('Client ID Metadata Documents: advertised when switched on', async () => {
    const cimd = await startAuthStack({ settings: { clientIdMetadataDocuments: true } });
    try {
      const response = await fetch(`${cimd.origin}/.well-known/oauth-authorization-server`);
      expect(await response.json()).toMatchObject({ client_id_metadata_document_supported: true });
    } finally {
      await cimd.close();
    }
  });

  it('Dynamic Client Registration: absent when switched off', async () => {
    const closed = await startAuthStack({ settings: { registration: { enabled: false } } });
    try {
      const metadata = (await (await fetch(`${closed.origin}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
      expect(metadata).not.toHaveProperty('registration_endpoint');
      const response = await fetch(`${closed.origin}/v1/oauth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['https://claude.ai/api/mcp/auth_callback'] }) });
      expect(response.status).toBe(404);
    } finally {
      await closed.close();
    }
  });
});
