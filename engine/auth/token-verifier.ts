import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';
import type { Sql } from '../store/index.js';
import { ALLOWED_IP_RANGES } from './clients.js';
import { ipRanges, type IpRanges } from './ip-ranges.js';
import { isRole, type Role } from './scope-catalog.js';

export interface VerifiedToken {
  subject: string;
  clientId: string;
  /** Scopes the token carries (before the user's role bounds them). */
  scopes: string[];
  audience: string[];
  expiresAt: number;
  jti: string;
  role: Role;
  /** The client's allowed IP ranges; undefined when it has none. */
  allowedIps?: IpRanges;
}

/** Why a token is refused, for the 401 error_description (RFC 6750 §3.1). */
export class TokenRejected extends Error {}

interface StateRow {
  revoked: boolean;
  grant_alive: boolean;
  client_exists: boolean;
  ranges: unknown;
  role: string | null;
}

/**
 * Verifies our own JWT access tokens (RFC 9068) with jose, against the server's own public keys
 * (no network): signature, `typ: at+jwt`, issuer, audience, expiry. A JWT cannot be deleted, so
 * one round trip to the store then checks that it has not been revoked, that the grant it came
 * from still stands (refresh-token reuse and revocation destroy it), that the client and the user
 * still exist, and reads the user's current role and the client's allowed IP ranges.
 */
export class AccessTokenVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet>;

  constructor(
    private readonly options: { sql: Sql; issuer: string; publicJwks: JSONWebKeySet; acceptUrlClientIds: boolean },
  ) {
    this.keys = createLocalJWKSet(options.publicJwks);
  }

  async verify(token: string, audience: string | readonly string[]): Promise<VerifiedToken> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: typeof audience === 'string' ? audience : [...audience],
        typ: 'at+jwt',
        algorithms: ['ES256', 'RS256'],
        requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
        clockTolerance: 5,
      }));
    } catch (error) {
      throw new TokenRejected(describeJoseError(error));
    }
    const clientId = String(payload.client_id);
    const subject = String(payload.sub);
    const jti = String(payload.jti);
    const grantId = typeof payload.gid === 'string' ? payload.gid : '';
    const { rows } = await this.options.sql.query<StateRow>(
      `SELECT
         EXISTS (SELECT 1 FROM auth.revoked_tokens WHERE jti = $1) AS revoked,
         EXISTS (SELECT 1 FROM auth.payloads WHERE model = 'Grant' AND id = $2 AND (expires_at IS NULL OR expires_at > now())) AS grant_alive,
         EXISTS (SELECT 1 FROM auth.clients WHERE client_id = $3) AS client_exists,
         (SELECT metadata->'${ALLOWED_IP_RANGES}' FROM auth.clients WHERE client_id = $3) AS ranges,
         (SELECT role FROM auth.users WHERE id = $4) AS role`,
      [jti, grantId, clientId, subject],
    );
    const state = rows[0]!;
    if (state.revoked) throw new TokenRejected('the access token was revoked');
    if (!state.grant_alive) throw new TokenRejected('the authorization this token came from was revoked or has expired');
    const urlClient = this.options.acceptUrlClientIds && clientId.startsWith('https://');
    if (!state.client_exists && !urlClient) throw new TokenRejected('the client this token was issued to no longer exists');
    if (!isRole(state.role)) throw new TokenRejected('the user this token was issued to no longer exists');
    const ranges = Array.isArray(state.ranges) ? state.ranges.filter((r): r is string => typeof r === 'string') : [];
    return {
      subject,
      clientId,
      scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
      audience: Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [],
      expiresAt: payload.exp!,
      jti,
      role: state.role,
      allowedIps: ranges.length > 0 ? ipRanges(ranges) : undefined,
    };
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the access token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'the access token was issued for another resource (audience)';
    if (error.claim === 'iss') return 'the access token was issued by another authorization server';
    if (error.claim === 'typ') return 'the token is not an access token (typ must be at+jwt)';
    return `the access token's ${error.claim} claim is invalid`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) return 'the access token signature is not valid';
  return 'the access token is malformed';
}
