import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALLOWED_IP_RANGES } from '../../engine/auth/clients.js';
import { authMigrations } from '../../engine/auth/migrations.js';
import { AccessTokenVerifier, TokenRejected } from '../../engine/auth/token-verifier.js';
import { migrate, openStore, type Store } from '../../engine/store/index.js';

// The verifier remembers a token that passed jwtVerify (its signature is checked once), but the
// token's state in the store is read on every request: a change to it must be seen by the very
// next request, whoever writes it (here, straight to the store), and an expired token is refused.

const ISSUER = 'http://127.0.0.1:1';
const AUDIENCE = `${ISSUER}/v1/ds-mcp/mcp`;
let store: Store;
let sign: (claims?: Record<string, unknown>) => Promise<string>;
let publicJwk: JWK;

beforeAll(async () => {
  store = await openStore();
  await migrate(store, authMigrations);
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  publicJwk = { ...(await exportJWK(publicKey)), alg: 'ES256', kid: 'k1', use: 'sig' };
  sign = (claims = {}) =>
    new SignJWT({ client_id: 'client-1', scope: 'notes.read', gid: 'grant-1', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('user-1')
      .setJti(`jti-${Math.random()}`)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
});
afterAll(() => store?.close());

beforeEach(async () => {
  await store.exec(`DELETE FROM auth.revoked_tokens; DELETE FROM auth.payloads; DELETE FROM auth.users; DELETE FROM auth.clients;`);
  await store.query(`INSERT INTO auth.clients (client_id, metadata, origin) VALUES ('client-1', '{}', 'registration')`);
  await store.query(`INSERT INTO auth.users (id, email, password_hash, role) VALUES ('user-1', 'u@example.com', 'x', 'editor')`);
  await store.query(`INSERT INTO auth.payloads (model, id, payload, expires_at) VALUES ('Grant', 'grant-1', '{}', now() + interval '1 day')`);
});

const verifier = () => new AccessTokenVerifier({ sql: store, issuer: ISSUER, publicJwks: { keys: [publicJwk] }, acceptUrlClientIds: false });

afterEach(() => {
  vi.useRealTimers();
});

describe('a token verified before', () => {
  it.each<[string, (jti: string) => Promise<unknown>, RegExp]>([
    ['the token is revoked', (jti) => store.query(`INSERT INTO auth.revoked_tokens (jti, expires_at) VALUES ($1, now() + interval '1 hour')`, [jti]), /revoked/],
    ['the grant is destroyed', () => store.query(`DELETE FROM auth.payloads WHERE model = 'Grant' AND id = 'grant-1'`), /authorization/],
    ['the grant expires early', () => store.query(`UPDATE auth.payloads SET expires_at = now() - interval '1 second' WHERE id = 'grant-1'`), /authorization/],
    ['the client is removed', () => store.query(`DELETE FROM auth.clients WHERE client_id = 'client-1'`), /client/],
    ['the user is removed', () => store.query(`DELETE FROM auth.users WHERE id = 'user-1'`), /user/],
  ])('is not used once %s', async (_case, change, message) => {
    const v = verifier();
    const token = await sign();
    const jti = (await v.verify(token, AUDIENCE)).jti;
    await v.verify(token, AUDIENCE); // the signature is not checked again this time
    await change(jti);
    await expect(v.verify(token, AUDIENCE)).rejects.toThrow(TokenRejected);
    await expect(v.verify(token, AUDIENCE)).rejects.toThrow(message);
  });

  it('follows a role change and new IP ranges', async () => {
    const v = verifier();
    const token = await sign();
    expect((await v.verify(token, AUDIENCE)).role).toBe('editor');
    await store.query(`UPDATE auth.users SET role = 'viewer' WHERE id = 'user-1'`);
    await store.query(`UPDATE auth.clients SET metadata = jsonb_build_object($1::text, jsonb_build_array('10.0.0.0/8'))`, [ALLOWED_IP_RANGES]);
    const again = await v.verify(token, AUDIENCE);
    expect(again.role).toBe('viewer');
    expect(again.allowedIps?.cidrs).toEqual(['10.0.0.0/8']);
  });

  it('is refused once expired, although its signature was checked before', async () => {
    const v = verifier();
    const token = await sign();
    await v.verify(token, AUDIENCE);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    await expect(v.verify(token, AUDIENCE)).rejects.toThrow(/expired/);
  });

  it('is checked again for another audience', async () => {
    const v = verifier();
    const token = await sign();
    await v.verify(token, AUDIENCE);
    await expect(v.verify(token, `${ISSUER}/other/mcp`)).rejects.toThrow(/audience/);
  });
});
