import { createHash, randomBytes } from 'node:crypto';

/** RFC 7636 §4.1-4.2: a verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizationUrl(
  origin: string,
  params: { clientId: string; redirectUri: string; challenge?: string; method?: string; state?: string; resource?: string; scope?: string; extra?: Record<string, string> },
): URL {
  const url = new URL('/v1/authorize', origin);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  if (params.challenge !== undefined) url.searchParams.set('code_challenge', params.challenge);
  if (params.method !== undefined || params.challenge !== undefined) url.searchParams.set('code_challenge_method', params.method ?? 'S256');
  url.searchParams.set('state', params.state ?? randomBytes(8).toString('hex'));
  if (params.resource) url.searchParams.set('resource', params.resource);
  if (params.scope) url.searchParams.set('scope', params.scope);
  for (const [k, v] of Object.entries(params.extra ?? {})) url.searchParams.set(k, v);
  return url;
}

/** The token endpoint, with the client authenticated as asked. */
export async function tokenRequest(
  origin: string,
  params: Record<string, string>,
  client: { id: string; secret?: string; method?: 'client_secret_basic' | 'client_secret_post' | 'none' },
  headers: Record<string, string> = {},
  path = '/v1/users/oauth/access/token',
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const body = new URLSearchParams(params);
  const auth: Record<string, string> = {};
  const method = client.method ?? (client.secret ? 'client_secret_basic' : 'none');
  if (method === 'client_secret_basic') {
    auth.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret ?? '')}`).toString('base64')}`;
  } else {
    body.set('client_id', client.id);
    if (method === 'client_secret_post') body.set('client_secret', client.secret ?? '');
  }
  const response = await fetch(new URL(path, origin), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...auth, ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
}
