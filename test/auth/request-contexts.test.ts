import { triggerAsyncId } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMcp } from '../support/raw-http.js';
import { EDITOR, startAuthStack, type AuthStack } from './support/auth-stack.js';
import { signIn } from './support/browser-less.js';
import { authorizationUrl, pkcePair, tokenRequest } from './support/pkce.js';

// engine/auth/request-contexts.ts: the AsyncLocalStorage instances used on the OAuth routes are
// switched off once no provider request is in flight, so that the MCP endpoint's promises do not
// each run an async_hooks callback (Node 20), and they still hold their values during every
// provider request, however requests overlap.

const REDIRECT = 'http://127.0.0.1:9/callback';
let stack: AuthStack;
let open: { clientId: string; clientSecret?: string };
let fenced: { clientId: string; clientSecret?: string };

beforeAll(async () => {
  stack = await startAuthStack();
  open = await stack.addClient({ name: 'Open', redirectUris: [REDIRECT] });
  fenced = await stack.addClient({ name: 'Fenced', redirectUris: [REDIRECT], allowedIpRanges: ['10.0.0.0/8'] });
});
afterAll(() => stack?.close());

/**
 * Whether promise hooks run: without them a promise reaction has no trigger id (Node's
 * async_hooks documentation, "Promise execution tracking": 0 unless a hook is enabled). Node 24's
 * AsyncLocalStorage needs no hooks, so there it is false throughout.
 */
function promiseHooksOn(): Promise<boolean> {
  return new Promise((resolve) => {
    void Promise.resolve().then(() => resolve(triggerAsyncId() !== 0));
  });
}

async function codeFor(client: { clientId: string }): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = pkcePair();
  const url = authorizationUrl(stack.origin, { clientId: client.clientId, redirectUri: REDIRECT, challenge, resource: stack.mcpUrl });
  const redirect = await signIn(url, { serverOrigin: stack.origin, ...EDITOR });
  return { code: redirect.searchParams.get('code')!, verifier: verifier };
}

function exchange(client: { clientId: string; clientSecret?: string }, grant: { code: string; verifier: string }) {
  const params = { grant_type: 'authorization_code', code: grant.code, redirect_uri: REDIRECT, code_verifier: grant.verifier };
  return tokenRequest(stack.origin, params, { id: client.clientId, secret: client.clientSecret });
}

describe('request contexts on the OAuth routes', () => {
  it('are off once a sign-in, a token request and MCP calls have been answered', async () => {
    expect(await promiseHooksOn()).toBe(false);
    const token = await exchange(open, await codeFor(open));
    expect(token.status).toBe(200);
    const accessToken = String((token.body as { access_token: string }).access_token);
    const answer = await postMcp(stack.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { authorization: `Bearer ${accessToken}` });
    expect(answer.status).toBe(200);
    expect(await promiseHooksOn()).toBe(false);
  });

  it('hold each request\'s facts while other provider requests start and finish around it', async () => {
    // Codes first (sign-ins are provider requests too), then every exchange at once, mixed with
    // metadata requests that finish early: each fenced exchange must still find its client
    // address (a lost context would skip the IP-range check), each open one must succeed.
    const fencedCodes = await Promise.all(Array.from({ length: 4 }, () => codeFor(fenced)));
    const openCodes = await Promise.all(Array.from({ length: 4 }, () => codeFor(open)));
    const metadata = () => fetch(`${stack.origin}/.well-known/oauth-authorization-server`).then((r) => r.status);
    const results = await Promise.all([
      ...fencedCodes.map((grant) => exchange(fenced, grant).then((r) => ['fenced', r.status, (r.body as { error?: string }).error] as const)),
      ...openCodes.map((grant) => exchange(open, grant).then((r) => ['open', r.status] as const)),
      ...Array.from({ length: 8 }, () => metadata().then((status) => ['metadata', status] as const)),
    ]);
    expect(results.filter(([kind]) => kind === 'fenced')).toEqual(Array(4).fill(['fenced', 403, 'access_denied']));
    expect(results.filter(([kind]) => kind === 'open')).toEqual(Array(4).fill(['open', 200]));
    expect(results.filter(([kind]) => kind === 'metadata')).toEqual(Array(8).fill(['metadata', 200]));
    expect(await promiseHooksOn()).toBe(false);
  });
});
