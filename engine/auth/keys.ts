import { randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Sql } from '../store/index.js';

export interface ServerSecrets {
  /** Private signing keys for oidc-provider (ES256 for access tokens, RS256 for ID tokens). */
  jwks: { keys: JWK[] };
  /** The public halves, for verifying our own access tokens without a network round trip. */
  publicJwks: { keys: JWK[] };
  /** HMAC key for the CSRF tokens of the login and consent forms. */
  csrfKey: Buffer;
}

/**
 * Keys are made once, by whichever replica starts first (INSERT … ON CONFLICT DO NOTHING, then
 * read back what won), and kept in the store: a restart keeps every issued token valid and every
 * replica signs and verifies with the same keys.
 */
export async function loadOrCreateSecrets(sql: Sql): Promise<ServerSecrets> {
  const jwks = await loadOrCreate(sql, 'signing_keys', async () => ({ keys: [await newKey('ES256'), await newKey('RS256')] }));
  const csrf = await loadOrCreate(sql, 'csrf_key', async () => ({ key: randomBytes(32).toString('base64url') }));
  const keys = (jwks as { keys: JWK[] }).keys;
  return {
    jwks: { keys },
    publicJwks: { keys: keys.map(publicPart) },
    csrfKey: Buffer.from((csrf as { key: string }).key, 'base64url'),
  };
}

async function loadOrCreate(sql: Sql, name: string, make: () => Promise<unknown>): Promise<unknown> {
  const existing = await sql.query<{ value: unknown }>('SELECT value FROM auth.secrets WHERE name = $1', [name]);
  if (existing.rows[0]) return existing.rows[0].value;
  await sql.query('INSERT INTO auth.secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, JSON.stringify(await make())]);
  const { rows } = await sql.query<{ value: unknown }>('SELECT value FROM auth.secrets WHERE name = $1', [name]);
  return rows[0]!.value;
}

async function newKey(alg: 'ES256' | 'RS256'): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg, use: 'sig', kid: await calculateJwkThumbprint(jwk) };
}

const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

function publicPart(jwk: JWK): JWK {
  return Object.fromEntries(Object.entries(jwk).filter(([k]) => !PRIVATE_MEMBERS.has(k))) as JWK;
}
