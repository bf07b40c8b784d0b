import type { Adapter, AdapterConstructor, AdapterPayload } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { Sql } from '../store/index.js';
import { hashClientSecret, isHashedSecret } from './client-secret.js';

interface PayloadRow {
  payload: AdapterPayload;
  expires_at: Date | null;
  consumed_at: Date | null;
}

/** Artefacts whose single use is a security property (OAuth 2.1 §4.1.3, §4.3.1): consumed at most once, atomically. */
const SINGLE_USE = new Set(['AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

/**
 * oidc-provider's storage Adapter on the project's store, so that clients, grants, codes, refresh
 * tokens and sessions survive restarts and are shared by every replica. Clients live in
 * `auth.clients` (with the secret hashed); every other model in `auth.payloads`, keyed by
 * (model, id), with the columns the look-ups need (grant, uid, user code, account, client).
 */
export interface AdapterHooks {
  /** Called with every client the provider loads; may throw an oidc-provider error to refuse it. */
  clientLoaded?(clientId: string, metadata: AdapterPayload): void;
}

export function createAdapter(sql: Sql, hooks: AdapterHooks = {}): AdapterConstructor {
  return class StoreAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      if (this.model === 'Client') return upsertClient(sql, id, payload);
      const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
      await sql.query(
        `INSERT INTO auth.payloads (model, id, payload, grant_id, uid, user_code, account_id, client_id, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, uid = EXCLUDED.uid,
           user_code = EXCLUDED.user_code, account_id = EXCLUDED.account_id, client_id = EXCLUDED.client_id, expires_at = EXCLUDED.expires_at`,
        [
          this.model,
          id,
          JSON.stringify(payload),
          payload.grantId ?? null,
          payload.uid ?? null,
          payload.userCode ?? null,
          payload.accountId ?? (payload.session as { accountId?: string } | undefined)?.accountId ?? null,
          payload.clientId ?? (payload.params as { client_id?: string } | undefined)?.client_id ?? null,
          expiresAt,
        ],
      );
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') {
        const { rows } = await sql.query<{ metadata: AdapterPayload }>('SELECT metadata FROM auth.clients WHERE client_id = $1', [id]);
        const metadata = rows[0]?.metadata;
        if (metadata) hooks.clientLoaded?.(id, metadata);
        return metadata;
      }
      return this.one('id = $2', id);
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.one('uid = $2', uid);
    }

    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.one('user_code = $2', userCode);
    }

    async consume(id: string): Promise<void> {
      const { affectedRows } = await sql.query('UPDATE auth.payloads SET consumed_at = now() WHERE model = $1 AND id = $2 AND consumed_at IS NULL', [this.model, id]);
      // Two requests racing with the same code or refresh token: only the first consumes it.
      if (affectedRows === 0 && SINGLE_USE.has(this.model)) throw new errors.InvalidGrant(`${this.model} was already used`);
    }

    async destroy(id: string): Promise<void> {
      if (this.model === 'Client') {
        await sql.query('DELETE FROM auth.clients WHERE client_id = $1', [id]);
        return;
      }
      await sql.query('DELETE FROM auth.payloads WHERE model = $1 AND id = $2', [this.model, id]);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await sql.query('DELETE FROM auth.payloads WHERE model = $1 AND grant_id = $2', [this.model, grantId]);
    }

    /** The newest live grant of this user to this client: consent remembered across browsers. */
    async latestFor(accountId: string, clientId: string): Promise<string | undefined> {
      const { rows } = await sql.query<{ id: string }>(
        `SELECT id FROM auth.payloads WHERE model = $1 AND account_id = $2 AND client_id = $3 AND (expires_at IS NULL OR expires_at > now())
         ORDER BY (payload->>'iat')::bigint DESC LIMIT 1`,
        [this.model, accountId, clientId],
      );
      return rows[0]?.id;
    }

    private async one(where: string, value: string): Promise<AdapterPayload | undefined> {
      const { rows } = await sql.query<PayloadRow>(`SELECT payload, expires_at, consumed_at FROM auth.payloads WHERE model = $1 AND ${where} LIMIT 1`, [this.model, value]);
      const row = rows[0];
      if (!row || (row.expires_at && row.expires_at.getTime() <= Date.now())) return undefined;
      return row.consumed_at ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : row.payload;
    }
  };
}

/** A dynamically registered client (RFC 7591): stored like an admin's, with only the secret's hash. */
async function upsertClient(sql: Sql, id: string, payload: AdapterPayload): Promise<void> {
  const metadata: Record<string, unknown> = { ...payload };
  if (typeof metadata.client_secret === 'string' && !isHashedSecret(metadata.client_secret)) {
    metadata.client_secret = hashClientSecret(metadata.client_secret);
  }
  await sql.query(
    `INSERT INTO auth.clients (client_id, metadata, origin) VALUES ($1, $2, 'registration')
     ON CONFLICT (client_id) DO UPDATE SET metadata = EXCLUDED.metadata, updated_at = now()`,
    [id, JSON.stringify(metadata)],
  );
}

/** Deletes what has expired; run periodically, so expired rows never pile up. */
export async function sweepExpired(sql: Sql): Promise<number> {
  const payloads = await sql.query('DELETE FROM auth.payloads WHERE expires_at < now()');
  const revoked = await sql.query('DELETE FROM auth.revoked_tokens WHERE expires_at < now()');
  // A dynamically registered client that never obtained a lasting grant is dropped after 30 days;
  // if it comes back, the token endpoint's 401 invalid_client makes it register again.
  const clients = await sql.query(
    `DELETE FROM auth.clients c WHERE c.origin = 'registration' AND c.created_at < now() - interval '30 days'
     AND NOT EXISTS (SELECT 1 FROM auth.payloads p WHERE p.client_id = c.client_id)`,
  );
  return payloads.affectedRows + revoked.affectedRows + clients.affectedRows;
}
