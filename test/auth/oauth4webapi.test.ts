import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, EDITOR, startAuthStack, type AuthStack } from './support/auth-stack.js';

// A second, independent client library (panva's oauth4webapi, which validates every response
// strictly) through the same flow: RFC 9728 and RFC 8414 discovery, registration, PKCE, the
// RFC 9207 iss check on the authorization response, the code grant with a resource indicator,
// RFC 9068 validation of the access token, a call to the MCP endpoint, refresh, introspection and
// revocation.

const REDIRECT = 'http://127.0.0.1:9/callback';
const insecure = { [oauth.allowInsecureRequests]: true } as const; // the test server is plain http on loopback
let stack: AuthStack;
let as: oauth.AuthorizationServer;

beforeAll(async () => {
  stack = await startAuthStack();
  const resource = await oauth.processResourceDiscoveryResponse(new URL(stack.mcpUrl), await oauth.resourceDiscoveryRequest(new URL(stack.mcpUrl), insecure));
  expect(resource.authorization_servers).toEqual([stack.issuer]);
  const issuer = new URL(resource.authorization_servers![0]!);
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
});
afterAll(() => stack?.close());

async function flow(client: oauth.Client, clientAuth: oauth.ClientAuth) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: REDIRECT,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    resource: stack.mcpUrl,
    scope: 'notes.read notes.write',
  }).toString();
  const callback = await authorize(stack, url, EDITOR);
  // Checks state, and iss against the metadata's issuer (RFC 9207), and that there is no error.
  const params = oauth.validateAuthResponse(as, client, callback, state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, REDIRECT, verifier, { additionalParameters: { resource: stack.mcpUrl }, ...insecure });
  return oauth.processAuthorizationCodeResponse(as, client, response);
}

async function callMcp(token: string): Promise<Response> {
  return oauth.protectedResourceRequest(token, 'POST', new URL(stack.mcpUrl), new Headers({ 'content-type': 'application/json', accept: 'application/json, text/event-stream' }), JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }), insecure);
}

describe.each([
  ['a public client it registers itself (none)', 'dynamic'],
  ["an admin's confidential client (client_secret_basic)", 'static'],
] as const)('oauth4webapi with %s', (_name, kind) => {
  let client: oauth.Client;
  let clientAuth: oauth.ClientAuth;
  let tokens: oauth.TokenEndpointResponse;

  it('registers or uses the admin client', async () => {
    if (kind === 'dynamic') {
      const registered = await oauth.processDynamicClientRegistrationResponse(
        await oauth.dynamicClientRegistrationRequest(as, { redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', client_name: 'oauth4webapi' }, insecure),
      );
      client = { client_id: registered.client_id };
      clientAuth = oauth.None();
    } else {
      const made = await stack.addClient({ name: 'oauth4webapi static', redirectUris: [REDIRECT] });
      client = { client_id: made.clientId };
      clientAuth = oauth.ClientSecretBasic(made.clientSecret!);
    }
  });

  it('completes the authorization code flow with PKCE', async () => {
    tokens = await flow(client, clientAuth);
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.scope).toBe('notes.read notes.write');
  });

  it('gets an RFC 9068 access token for the MCP URL, which the MCP endpoint accepts', async () => {
    const request = new Request(stack.mcpUrl, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    const claims = await oauth.validateJwtAccessToken(as, request, stack.mcpUrl, insecure);
    expect(claims).toMatchObject({ iss: stack.issuer, aud: stack.mcpUrl, client_id: client.client_id, scope: 'notes.read notes.write' });
    const response = await callMcp(tokens.access_token);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { result: { tools: unknown[] } }).result.tools.length).toBeGreaterThan(0);
  });

  it('refreshes, with a new refresh token', async () => {
    const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, insecure));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await callMcp(refreshed.access_token)).status).toBe(200);
    tokens = refreshed;
  });

  it('introspects its access token', async () => {
    const introspection = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, clientAuth, tokens.access_token, insecure));
    expect(introspection).toMatchObject({ active: true, client_id: client.client_id, scope: 'notes.read notes.write' });
  });

  it('revokes: afterwards the access token is refused and the refresh token is dead', async () => {
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, clientAuth, tokens.refresh_token!, insecure));
    // oauth4webapi parses the resource server's RFC 6750 challenge itself.
    const refused = (await callMcp(tokens.access_token).catch((e: unknown) => e)) as oauth.WWWAuthenticateChallengeError;
    expect(refused).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    expect(refused.status).toBe(401);
    expect(refused.cause[0]).toMatchObject({ scheme: 'bearer', parameters: { error: 'invalid_token', resource_metadata: `${stack.origin}/.well-known/oauth-protected-resource/v1/ds-mcp/mcp` } });
    await expect(oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, insecure))).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});
