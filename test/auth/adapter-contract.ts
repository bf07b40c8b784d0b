import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, sweepExpired } from '../../engine/auth/adapter.js';
import { ClientRegistry } from '../../engine/auth/clients.js';
import { clientSecretMatches } from '../../engine/auth/client-secret.js';
import { loadOrCreateSecrets } from '../../engine/auth/keys.js';
import { authMigrations } from '../../engine/auth/migrations.js';
import { UserDirectory } from '../../engine/auth/users.js';
import { AuditLog } from '../../engine/audit/audit-log.js';
import { auditMigrations } from '../../engine/audit/migrations.js';
import { dropNamespace, migrate, type Store } from '../../engine/store/index.js';

/**
 * The authorization server's state on the store, as one suite run on every store implementation
 * (PGlite here, PostgreSQL in adapter.pg.test.ts): oidc-provider's adapter, users, clients, keys
 * and the audit log. It owns the `auth` and `audit` schemas of the database it is given.
 */
export function runAuthStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`auth state on ${name}`, () => {
    let store: Store;

    beforeAll(async () => {
      store = await open();
      for (const namespace of ['auth', 'audit']) await dropNamespace(store, namespace);
      await migrate(store, authMigrations);
      await migrate(store, auditMigrations);
    });
    afterAll(async () => {
      if (!store) return;
      for (const namespace of ['auth', 'audit']) await dropNamespace(store, namespace);
      await store.close();
    });

    const adapter = (model: string) => new (createAdapter(store))(model) as InstanceType<ReturnType<typeof createAdapter>> & { latestFor(a: string, c: string): Promise<string | undefined> };

    it('stores, finds and destroys payloads per model', async () => {
      const codes = adapter('AuthorizationCode');
      await codes.upsert('c1', { grantId: 'g1', accountId: 'u1', clientId: 'k1', kind: 'AuthorizationCode' }, 60);
      expect(await codes.find('c1')).toMatchObject({ grantId: 'g1', accountId: 'u1' });
      expect(await adapter('RefreshToken').find('c1')).toBeUndefined();
      await codes.destroy('c1');
      expect(await codes.find('c1')).toBeUndefined();
    });

    it('hides expired payloads and sweeps them', async () => {
      const sessions = adapter('Session');
      await sessions.upsert('s-old', { uid: 'uid-old', accountId: 'u1' }, 1);
      await store.query(`UPDATE auth.payloads SET expires_at = now() - interval '1 minute' WHERE id = 's-old'`);
      expect(await sessions.find('s-old')).toBeUndefined();
      expect(await sessions.findByUid('uid-old')).toBeUndefined();
      expect(await sweepExpired(store)).toBeGreaterThanOrEqual(1);
      expect((await store.query(`SELECT 1 FROM auth.payloads WHERE id = 's-old'`)).rows).toEqual([]);
    });

    it('finds by uid and by user code', async () => {
      await adapter('Session').upsert('s1', { uid: 'uid-1', accountId: 'u1' }, 60);
      await adapter('DeviceCode').upsert('d1', { userCode: 'ABCD-EFGH' }, 60);
      expect(await adapter('Session').findByUid('uid-1')).toMatchObject({ accountId: 'u1' });
      expect(await adapter('DeviceCode').findByUserCode('ABCD-EFGH')).toBeDefined();
    });

    it('consumes a code exactly once, even when two requests race for it', async () => {
      const codes = adapter('AuthorizationCode');
      await codes.upsert('race', { grantId: 'g2' }, 60);
      const results = await Promise.allSettled([codes.consume('race'), codes.consume('race')]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ error: 'invalid_grant' });
      expect(await codes.find('race')).toMatchObject({ consumed: expect.any(Number) });
    });

    it('revokes by grant, one model at a time', async () => {
      await adapter('RefreshToken').upsert('r1', { grantId: 'g3' }, 60);
      await adapter('AuthorizationCode').upsert('c3', { grantId: 'g3' }, 60);
      await adapter('RefreshToken').revokeByGrantId('g3');
      expect(await adapter('RefreshToken').find('r1')).toBeUndefined();
      expect(await adapter('AuthorizationCode').find('c3')).toBeDefined();
    });

    it("remembers a user's newest grant to a client", async () => {
      const grants = adapter('Grant');
      await grants.upsert('grant-a', { accountId: 'u9', clientId: 'k9', iat: 100 }, 60);
      await grants.upsert('grant-b', { accountId: 'u9', clientId: 'k9', iat: 200 }, 60);
      await grants.upsert('grant-c', { accountId: 'u9', clientId: 'other', iat: 300 }, 60);
      expect(await grants.latestFor('u9', 'k9')).toBe('grant-b');
      expect(await grants.latestFor('u9', 'nobody')).toBeUndefined();
    });

    it('keeps registered clients with only a hash of their secret', async () => {
      const clients = adapter('Client');
      await clients.upsert('dyn-1', { client_id: 'dyn-1', client_secret: 'plain-secret', redirect_uris: ['https://claude.ai/cb'] });
      const found = (await clients.find('dyn-1')) as { client_secret: string };
      expect(found.client_secret).toMatch(/^sha256\$/);
      expect(clientSecretMatches(found.client_secret, 'plain-secret')).toBe(true);
      expect(clientSecretMatches(found.client_secret, 'other-secret')).toBe(false);
      const listed = await new ClientRegistry(store).get('dyn-1');
      expect(listed).toMatchObject({ origin: 'registration', redirectUris: ['https://claude.ai/cb'] });
      await clients.destroy('dyn-1');
      expect(await clients.find('dyn-1')).toBeUndefined();
    });

    it("makes, lists, rotates and removes an admin's clients", async () => {
      const registry = new ClientRegistry(store);
      const made = await registry.add({ name: 'Copilot Studio', redirectUris: ['https://global.consent.azure-apim.net/redirect/x'], allowedIpRanges: ['192.0.2.0/24'], scopes: ['notes.read'] });
      expect(made.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const stored = (await adapter('Client').find(made.clientId)) as Record<string, unknown>;
      expect(stored).toMatchObject({ allowed_ip_ranges: ['192.0.2.0/24'], scope: 'notes.read', token_endpoint_auth_method: 'client_secret_basic' });
      expect(JSON.stringify(stored)).not.toContain(made.clientSecret!);
      const updated = await registry.update(made.clientId, { redirectUris: ['https://global.consent.azure-apim.net/redirect/y'], allowedIpRanges: [], scopes: [] });
      expect(updated).toMatchObject({ redirectUris: ['https://global.consent.azure-apim.net/redirect/y'], allowedIpRanges: [], scopes: [] });
      expect(await adapter('Client').find(made.clientId)).not.toHaveProperty('allowed_ip_ranges');
      const rotated = await registry.rotateSecret(made.clientId);
      const after = (await adapter('Client').find(made.clientId)) as { client_secret: string };
      expect(clientSecretMatches(after.client_secret, rotated)).toBe(true);
      expect(clientSecretMatches(after.client_secret, made.clientSecret)).toBe(false);
      await adapter('RefreshToken').upsert('r-of-client', { clientId: made.clientId, grantId: 'gx' }, 60);
      await registry.remove(made.clientId);
      expect(await registry.get(made.clientId)).toBeUndefined();
      expect(await adapter('RefreshToken').find('r-of-client')).toBeUndefined();
      await expect(registry.remove(made.clientId)).rejects.toMatchObject({ code: 'client_not_found' });
    });

    it.each([
      [{ name: 'x', redirectUris: ['http://example.com/cb'] }, /https/],
      [{ name: 'x', redirectUris: ['https://example.com/cb#frag'] }, /fragment/],
      [{ name: 'x', redirectUris: ['not a url'] }, /absolute/],
      [{ name: 'x', redirectUris: [] }, /at least one/],
      [{ name: 'x', redirectUris: ['https://example.com/cb'], allowedIpRanges: ['10.0.0.0/33'] }, /prefix/],
    ])('refuses a client with bad metadata (%o)', async (client, message) => {
      await expect(new ClientRegistry(store).add(client)).rejects.toThrow(message);
    });

    it('adds users with hashed passwords, authenticates them, and revokes everything on removal', async () => {
      const users = new UserDirectory(store);
      const user = await users.add({ email: 'Ada@Example.com', password: 'correct horse battery', role: 'editor' });
      await expect(users.add({ email: 'ada@example.com', password: 'correct horse battery', role: 'viewer' })).rejects.toMatchObject({ code: 'user_exists' });
      expect(await users.authenticate('ada@example.com', 'correct horse battery')).toMatchObject({ id: user.id, role: 'editor' });
      expect(await users.authenticate('ada@example.com', 'wrong horse battery')).toBeUndefined();
      expect(await users.authenticate('nobody@example.com', 'correct horse battery')).toBeUndefined();
      const { rows } = await store.query<{ password_hash: string }>('SELECT password_hash FROM auth.users WHERE id = $1', [user.id]);
      expect(rows[0]!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      await adapter('Grant').upsert('g-ada', { accountId: user.id, clientId: 'k' }, 60);
      expect((await users.setRole('ada@example.com', 'viewer')).role).toBe('viewer');
      expect(await adapter('Grant').find('g-ada')).toBeUndefined();
      await users.remove(user.id);
      expect(await users.find('ada@example.com')).toBeUndefined();
    });

    it('makes signing keys once and reads the same ones back', async () => {
      const first = await loadOrCreateSecrets(store);
      const second = await loadOrCreateSecrets(store);
      expect(second.jwks).toEqual(first.jwks);
      expect(first.jwks.keys.map((k) => k.alg).sort()).toEqual(['ES256', 'RS256']);
      expect(first.publicJwks.keys.every((k) => !('d' in k))).toBe(true);
      expect(second.csrfKey.equals(first.csrfKey)).toBe(true);
    });

    it('records audit events and lists them by user and time', async () => {
      const audit = new AuditLog(store);
      const entry = await audit.begin({ requestId: 'req-1', principal: { subject: 'sub-1', clientId: 'k1', scopes: [] }, service: 'notes', tool: 'create_note', args: { b: 1, a: 2 } });
      await entry.finish({ outcome: 'succeeded', upstreamStatus: 201, upstreamRequests: 1 });
      await audit.refused({ requestId: 'req-2', service: 'notes', tool: 'update_note', args: {}, reason: 'insufficient_scope' });
      const mine = await audit.list({ user: 'sub-1' });
      expect(mine).toEqual([expect.objectContaining({ requestId: 'req-1', outcome: 'succeeded', upstreamStatus: 201, clientId: 'k1', finishedAt: expect.any(Date) })]);
      expect(await audit.list({ since: new Date(Date.now() + 60_000) })).toEqual([]);
      expect((await audit.list()).map((r) => r.requestId).slice(0, 2)).toEqual(['req-2', 'req-1']);
    });
  });
}
