import { randomUUID } from 'node:crypto';
import { ToolgateError } from '../errors.js';
import type { Sql } from '../store/index.js';
import { hashClientSecret, newClientSecret } from './client-secret.js';
import { parseCidr } from './ip-ranges.js';

/** Client metadata keys toolgate adds to RFC 7591's (registered with oidc-provider as extraClientMetadata). */
export const ALLOWED_IP_RANGES = 'allowed_ip_ranges';

export interface ClientSummary {
  clientId: string;
  name: string;
  origin: 'admin' | 'registration';
  redirectUris: string[];
  allowedIpRanges: string[];
  scopes: string[];
  authMethod: string;
  createdAt: Date;
}

export interface NewClient {
  name: string;
  redirectUris: readonly string[];
  allowedIpRanges?: readonly string[];
  /** Restricts the scopes the client may be granted; all scopes when absent. */
  scopes?: readonly string[];
  /** A public client (token_endpoint_auth_method none, PKCE only): no secret is issued. */
  public?: boolean;
}

export class ClientError extends ToolgateError {
  constructor(code: 'invalid_client_metadata' | 'client_not_found', message: string) {
    super(code, message, { status: 400 });
  }
}

interface ClientRow {
  client_id: string;
  metadata: Record<string, unknown>;
  origin: 'admin' | 'registration';
  created_at: Date;
}

/**
 * OAuth clients made by an admin (`toolgate clients add`), as the seed article's "OAuth
 * Applications": a name, exact callback URLs, optionally allowed IP ranges. The secret is shown
 * once and only its hash is stored. Dynamically registered clients live in the same table.
 */
export class ClientRegistry {
  constructor(private readonly sql: Sql) {}

  async add(input: NewClient): Promise<{ clientId: string; clientSecret?: string }> {
    const name = input.name.trim();
    if (!name) throw new ClientError('invalid_client_metadata', 'a client needs a name');
    if (input.redirectUris.length === 0) throw new ClientError('invalid_client_metadata', 'a client needs at least one redirect URI (--redirect-uri)');
    const redirectUris = input.redirectUris.map(checkRedirectUri);
    const ranges = (input.allowedIpRanges ?? []).map(checkCidr);
    const scopes = [...new Set(input.scopes ?? [])].map(checkScope);
    const clientId = randomUUID();
    const clientSecret = input.public ? undefined : newClientSecret();
    const metadata: Record<string, unknown> = {
      client_id: clientId,
      client_name: name,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: clientSecret ? 'client_secret_basic' : 'none',
      client_id_issued_at: Math.floor(Date.now() / 1000),
      ...(clientSecret ? { client_secret: hashClientSecret(clientSecret), client_secret_expires_at: 0 } : {}),
      ...(ranges.length > 0 ? { [ALLOWED_IP_RANGES]: ranges } : {}),
      ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
    };
    await this.sql.query(`INSERT INTO auth.clients (client_id, metadata, origin) VALUES ($1, $2, 'admin')`, [clientId, JSON.stringify(metadata)]);
    return { clientId, clientSecret };
  }

  /**
   * Changes an admin's client in place (the seed's "View/Edit"): the callback URLs a connector shows
   * only after it has the client id, the name, the allowed IP ranges (an empty list: any address),
   * the scopes (empty: all). The secret and what was issued stay.
   */
  async update(clientId: string, changes: { name?: string; redirectUris?: readonly string[]; allowedIpRanges?: readonly string[]; scopes?: readonly string[] }): Promise<ClientSummary> {
    return this.sql.transaction(async (tx) => {
      const { rows } = await tx.query<ClientRow>(`SELECT client_id, metadata, origin, created_at FROM auth.clients WHERE client_id = $1 FOR UPDATE`, [clientId]);
      const row = rows[0];
      if (!row) throw new ClientError('client_not_found', `no client ${clientId}`);
      const metadata = { ...row.metadata };
      if (changes.name !== undefined) {
        if (!changes.name.trim()) throw new ClientError('invalid_client_metadata', 'a client needs a name');
        metadata.client_name = changes.name.trim();
      }
      if (changes.redirectUris !== undefined) {
        if (changes.redirectUris.length === 0) throw new ClientError('invalid_client_metadata', 'a client needs at least one redirect URI (--redirect-uri)');
        metadata.redirect_uris = changes.redirectUris.map(checkRedirectUri);
      }
      if (changes.allowedIpRanges !== undefined) {
        const ranges = changes.allowedIpRanges.map(checkCidr);
        if (ranges.length > 0) metadata[ALLOWED_IP_RANGES] = ranges;
        else delete metadata[ALLOWED_IP_RANGES];
      }
      if (changes.scopes !== undefined) {
        const scopes = [...new Set(changes.scopes)].map(checkScope);
        if (scopes.length > 0) metadata.scope = scopes.join(' ');
        else delete metadata.scope;
      }
      await tx.query('UPDATE auth.clients SET metadata = $2, updated_at = now() WHERE client_id = $1', [clientId, JSON.stringify(metadata)]);
      return summary({ ...row, metadata });
    });
  }

  async list(): Promise<ClientSummary[]> {
    const { rows } = await this.sql.query<ClientRow>('SELECT client_id, metadata, origin, created_at FROM auth.clients ORDER BY created_at, client_id');
    return rows.map(summary);
  }

  async get(clientId: string): Promise<ClientSummary | undefined> {
    const { rows } = await this.sql.query<ClientRow>('SELECT client_id, metadata, origin, created_at FROM auth.clients WHERE client_id = $1', [clientId]);
    return rows[0] ? summary(rows[0]) : undefined;
  }

  /** Removes the client and everything issued to it (grants, codes, refresh tokens). */
  async remove(clientId: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      const deleted = await tx.query('DELETE FROM auth.clients WHERE client_id = $1', [clientId]);
      if (deleted.affectedRows === 0) throw new ClientError('client_not_found', `no client ${clientId}`);
      await tx.query('DELETE FROM auth.payloads WHERE client_id = $1', [clientId]);
    });
  }

  /** A new secret replaces the old one at once; tokens already issued stay valid. */
  async rotateSecret(clientId: string): Promise<string> {
    const secret = newClientSecret();
    const updated = await this.sql.query(
      `UPDATE auth.clients SET metadata = jsonb_set(metadata, '{client_secret}', to_jsonb($2::text)), updated_at = now()
       WHERE client_id = $1 AND metadata->>'token_endpoint_auth_method' IN ('client_secret_basic', 'client_secret_post')`,
      [clientId, hashClientSecret(secret)],
    );
    if (updated.affectedRows === 0) {
      const exists = await this.get(clientId);
      throw new ClientError('client_not_found', exists ? `client ${clientId} is a public client: it has no secret to rotate` : `no client ${clientId}`);
    }
    return secret;
  }
}

function checkCidr(text: string): string {
  const parsed = parseCidr(text);
  if ('error' in parsed) throw new ClientError('invalid_client_metadata', parsed.error);
  return parsed.cidr;
}

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
function checkScope(scope: string): string {
  if (!/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope)) throw new ClientError('invalid_client_metadata', `${JSON.stringify(scope)} is not a valid scope (RFC 6749 §3.3)`);
  return scope;
}

/** RFC 9700 §2.1 / OAuth 2.1 §2.3.1: absolute, no fragment, https except on loopback. Matched exactly. */
function checkRedirectUri(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ClientError('invalid_client_metadata', `redirect URI ${raw} is not an absolute URL`);
  }
  if (url.hash || raw.includes('#')) throw new ClientError('invalid_client_metadata', `redirect URI ${raw} must not have a fragment`);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ClientError('invalid_client_metadata', `redirect URI ${raw} must use https (http only for localhost, 127.0.0.1 or [::1])`);
  }
  return raw;
}

function summary(row: ClientRow): ClientSummary {
  const m = row.metadata;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    clientId: row.client_id,
    name: typeof m.client_name === 'string' ? m.client_name : '(unnamed)',
    origin: row.origin,
    redirectUris: strings(m.redirect_uris),
    allowedIpRanges: strings(m[ALLOWED_IP_RANGES]),
    scopes: typeof m.scope === 'string' ? m.scope.split(' ').filter(Boolean) : [],
    authMethod: typeof m.token_endpoint_auth_method === 'string' ? m.token_endpoint_auth_method : 'client_secret_basic',
    createdAt: row.created_at,
  };
}
