import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMcp } from '../support/raw-http.js';
import { EDITOR, startAuthStack, type AuthStack } from './support/auth-stack.js';
import { signIn } from './support/browser-less.js';
import { authorizationUrl, pkcePair, tokenRequest } from './support/pkce.js';

// "Enforce Allowed IP Ranges" behind a reverse proxy: the proxy (here: loopback, where the test
// connects from) is trusted, so X-Forwarded-For names the client; the client's own additions to
// the header are not believed.

const REDIRECT = 'http://127.0.0.1:9/callback';
let stack: AuthStack;
let fenced: { clientId: string; clientSecret?: string };

beforeAll(async () => {
  stack = await startAuthStack({ settings: { trustedProxies: ['127.0.0.1/32'] } });
  fenced = await stack.addClient({ name: 'Office only', redirectUris: [REDIRECT], allowedIpRanges: ['10.0.0.0/8', '2001:db8::/32'] });
});
afterAll(() => stack?.close());

async function exchange(forwardedFor: string) {
  const { verifier, challenge } = pkcePair();
  const redirect = await signIn(authorizationUrl(stack.origin, { clientId: fenced.clientId, redirectUri: REDIRECT, challenge }), { serverOrigin: stack.origin, ...EDITOR });
  return tokenRequest(
    stack.origin,
    { grant_type: 'authorization_code', code: redirect.searchParams.get('code')!, redirect_uri: REDIRECT, code_verifier: verifier },
    { id: fenced.clientId, secret: fenced.clientSecret },
    { 'x-forwarded-for': forwardedFor },
  );
}

describe('allowed IP ranges behind a trusted proxy', () => {
  let token: string;

  it('issues tokens to a client the proxy says is inside the ranges', async () => {
    const response = await exchange('10.20.30.40');
    expect(response.status).toBe(200);
    token = String(response.body.access_token);
  });

  it.each([
    ['outside the ranges', '192.0.2.1'],
    ['spoofed by the client, left of what the proxy appended', '10.20.30.40, 192.0.2.1'],
  ])('refuses a token request from an address %s', async (_name, header) => {
    expect(await exchange(header)).toMatchObject({ status: 403, body: { error: 'access_denied' } });
  });

  it.each([
    ['10.1.1.1', 200],
    ['2001:db8::7', 200],
    ['192.0.2.1', 403],
    ['10.1.1.1, 192.0.2.1', 403],
  ])('MCP requests forwarded for %s: %i', async (header, status) => {
    const response = await postMcp(stack.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { authorization: `Bearer ${token}`, 'x-forwarded-for': header });
    expect(response.status).toBe(status);
  });
});
