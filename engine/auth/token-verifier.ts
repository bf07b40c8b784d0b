import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { ipRanges, type IpRanges } from './ip-ranges.js';
import { isRole, type Role } from './scope-catalog.js';
import type { TokenStateReader } from './token-state.js';

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

/**
 * Verifies our own JWT access tokens (RFC 9068) with jose, against the server's own public keys
 * (no network): signature, `typ: at+jwt`, issuer, audience, expiry. A JWT cannot be deleted, so
 * the store's state of the token (token-state.ts) then says that it has not been revoked, that the
 * grant it came from still stands (refresh-token reuse and revocation destroy it), that the client
 * and the user still exist, and gives the user's current role and the client's allowed IP ranges.
 */
export class AccessTokenVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet>;
  /** Tokens that passed jwtVerify, by audience and token (see verifyJwt). */
  private readonly passed = new Map<string, JWTPayload>();

  constructor(
    private readonly options: { states: TokenStateReader; issuer: string; publicJwks: JSONWebKeySet; acceptUrlClientIds: boolean },
  ) {
    this.keys = createLocalJWKSet(options.publicJwks);
  }

  /**
   * A client sends the same token on every call until it expires, and checking an ES256 signature
   * through WebCrypto costs ~0.3 ms. jwtVerify's answer depends only on the token's bytes, the
   * audience, the verifier's fixed keys and options, and the clock; the clock enters only through
   * `exp` and `nbf` (our tokens carry no `nbf`). So a token that passed is remembered, and on each
   * later use only its expiry is checked again; once expired it goes through jwtVerify again, which
   * rejects it with the usual message.
   */
  private async verifyJwt(token: string, audience: string | readonly string[]): Promise<JWTPayload> {
    const key = `${typeof audience === 'string' ? audience : audience.join(' ')} ${token}`;
    const known = this.passed.get(key);
    if (known && Date.now() / 1000 < known.exp! + CLOCK_TOLERANCE_S) return known;
    this.passed.delete(key);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: typeof audience === 'string' ? audience : [...audience],
        typ: 'at+jwt',
        algorithms: ['ES256', 'RS256'],
        requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
        clockTolerance: CLOCK_TOLERANCE_S,
      }));
    } catch (error) {
      throw new TokenRejected(describeJoseError(error));
    }
    if (payload.nbf === undefined) {
      if (this.passed.size >= PASSED_MAX) this.passed.clear();
      this.passed.set(key, payload);
    }
    return payload;
  }

  async verify(token: string, audience: string | readonly string[]): Promise<VerifiedToken> {
    const payload = await this.verifyJwt(token, audience);
    const clientId = String(payload.client_id);
    const subject = String(payload.sub);
    const jti = String(payload.jti);
    const grantId = typeof payload.gid === 'string' ? payload.gid : '';
    const state = await this.options.states.read({ jti, grantId, clientId, subject });
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

const CLOCK_TOLERANCE_S = 5;
const PASSED_MAX = 10_000;

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
