import { importJWK, SignJWT, type JWK } from 'jose';
import type { Store } from '../../../engine/store/index.js';

/**
 * Access tokens signed with the server's own keys (read from the store), with any claims: the
 * negative cases need tokens that are valid in every way but one.
 */
export async function mintAccessToken(store: Store, claims: Record<string, unknown>, header: { typ?: string; alg?: 'ES256' | 'RS256' } = {}): Promise<string> {
  const { rows } = await store.query<{ value: { keys: JWK[] } }>(`SELECT value FROM auth.secrets WHERE name = 'signing_keys'`);
  const alg = header.alg ?? 'ES256';
  const jwk = rows[0]!.value.keys.find((k) => k.alg === alg)!;
  const key = await importJWK(jwk, alg);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iat: now, exp: now + 600, jti: crypto.randomUUID(), ...claims })
    .setProtectedHeader({ alg, kid: jwk.kid, typ: header.typ ?? 'at+jwt' })
    .sign(key);
}

export function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}
