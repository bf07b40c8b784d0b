import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALLOWED_IP_RANGES } from '../../engine/auth/clients.js';
import { authMigrations } from '../../engine/auth/migrations.js';
import { TokenStateReader } from '../../engine/auth/token-state.js';
import { AccessTokenVerifier, TokenRejected } from '../../engine/auth/token-verifier.js';
import { migrate, openStore, type Store } from '../../engine/store/index.js';

// The verifier remembers a token that passed jwtVerify (its signature is checked once), and on
// PGlite the token's state too (token-state.ts), until the store announces a change. A change to
// it must be seen by the very next request, whoever writes it (here, straight to the store), and
// an expired token is refused. Every case runs with the state kept (PGlite's synchronous
// notifications) and read on every request (as on PostgreSQL).

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

const readers: TokenStateReader[] = [];
afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.close()));
});
let keep = true;
const verifier = async () => {
  // Without `subscribe` the reader cannot hear of changes, so it asks the store every time.
  const states = await TokenStateReader.open(keep ? store : { query: store.query, exec: store.exec, transaction: store.transaction });
  expect(states.caching).toBe(keep);
  readers.push(states);
  return new AccessTokenVerifier({ states, issuer: ISSUER, publicJwks: { keys: [publicJwk] }, acceptUrlClientIds: false });
};

afterEach(() => {
  vi.useRealTimers();
});

describe.each([['kept between requests', true], ['read on every request', false]])('a token verified before, its state %s', (_mode, kept) => {
  beforeEach(() => {
    keep = kept;
  });

  it.each<[string, (jti: string) => Promise<unknown>, RegExp]>([
    ['the token is revoked', (jti) => store.query(`INSERT INTO auth.revoked_tokens (jti, expires_at) VALUES ($1, now() + interval '1 hour')`, [jti]), /revoked/],
    ['the grant is destroyed', () => store.query(`DELETE FROM auth.payloads WHERE model = 'Grant' AND id = 'grant-1'`), /authorization/],
    ['the grant expires early', () => store.query(`UPDATE auth.payloads SET expires_at = now() - interval '1 second' WHERE id = 'grant-1'`), /authorization/],
    ['the client is removed', () => store.query(`DELETE FROM auth.clients WHERE client_id = 'client-1'`), /client/],
    ['the user is removed', () => store.query(`DELETE FROM auth.users WHERE id = 'user-1'`), /user/],
  ])('is not used once %s', async (_case, change, message) => {
    const v = await verifier();
    const token = await sign();
    const jti = (await v.verify(token, AUDIENCE)).jti;
    await v.verify(token, AUDIENCE); // the signature is not checked again this time
    await change(jti);
    await expect(v.verify(token, AUDIENCE)).rejects.toThrow(TokenRejected);
    await expect(v.verify(token, AUDIENCE)).rejects.toThrow(message);
  });

  it('follows a role change and new IP ranges', async () => {
    const v = await verifier();
    const token = await sign();
    expect((await v.verify(token, AUDIENCE)).role).toBe('editor');
    await store.query(`UPDATE auth.users SET role = 'viewer' WHERE id = 'user-1'`);
    await store.query(`UPDATE auth.clients SET metadata = jsonb_build_object($1::text, jsonb_build_array('10.0.0.0/8'))`, [ALLOWED_IP_RANGES]);
    const again = await v.verify(token, AUDIENCE);
    expect(again.role).toBe('viewer');
    expect(again.allowedIps?.cidrs).toEqual(['10.0.0.0/8']);
  });

  it('is refused once expired, although its signature was checked before', async () => {
    const v = await verifier();
    const token = await sign();
    await v.verify(token, AUDIENCE);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    await expect(v.verify(token, AUDIENCE)).rejects.toThrow(/expired/);
  });

  it('is checked again for another audience', async () => {
    const v = await verifier();
    const token = await sign();
    await v.verify(token, AUDIENCE);
    await expect(v.verify(token, `${ISSUER}/other/mcp`)).rejects.toThrow(/audience/);
  });
});

describe('the kept state', () => {
  const counting = () => {
    let asked = 0;
    const sql = {
      ...store,
      query: (text: string, params?: readonly unknown[]) => {
        if (text.includes('token_state')) asked += 1;
        return store.query(text, params);
      },
    };
    return { sql: sql as typeof store, asked: () => asked };
  };

  it('is asked of the store once while nothing changes, and again after any change', async () => {
    const { sql, asked } = counting();
    const states = await TokenStateReader.open(sql);
    readers.push(states);
    const v = new AccessTokenVerifier({ states, issuer: ISSUER, publicJwks: { keys: [publicJwk] }, acceptUrlClientIds: false });
    const token = await sign();
    for (let i = 0; i < 5; i++) await v.verify(token, AUDIENCE);
    expect(asked()).toBe(1);
    // An unrelated change to a watched table is enough to ask again: correctness over hit rate.
    await store.query(`INSERT INTO auth.users (id, email, password_hash, role) VALUES ('user-2', 'v@example.com', 'x', 'viewer')`);
    await v.verify(token, AUDIENCE);
    expect(asked()).toBe(2);
    // A change committed inside a transaction is announced on commit.
    await store.transaction((tx) => tx.query(`UPDATE auth.users SET role = 'viewer' WHERE id = 'user-1'`));
    expect((await v.verify(token, AUDIENCE)).role).toBe('viewer');
    expect(asked()).toBe(3);
  });

  it('ends when the grant expires, with no write to announce it', async () => {
    const v = await verifier();
    const token = await sign();
    await store.query(`UPDATE auth.payloads SET expires_at = now() + interval '400 milliseconds' WHERE id = 'grant-1'`);
    await v.verify(token, AUDIENCE);
    await v.verify(token, AUDIENCE);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await expect(v.verify(token, AUDIENCE)).rejects.toThrow(/authorization/);
  });

  it('is not trusted when a change lands while it is being read', async () => {
    const v = await verifier();
    const token = await sign();
    const jti = (await v.verify(token, AUDIENCE)).jti;
    await store.query(`INSERT INTO auth.users (id, email, password_hash, role) VALUES ('user-3', 'w@example.com', 'x', 'viewer')`);
    const during = v.verify(token, AUDIENCE);
    const revoke = store.query(`INSERT INTO auth.revoked_tokens (jti, expires_at) VALUES ($1, now() + interval '1 hour')`, [jti]);
    await Promise.allSettled([during, revoke]);
    await expect(v.verify(token, AUDIENCE)).rejects.toThrow(/revoked/);
  });
});
