import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { ToolgateError } from '../errors.js';
import type { Principal } from '../policy/check.js';
import { scopesForRole, type ProtectedResource } from './scope-catalog.js';
import { TokenRejected, type AccessTokenVerifier } from './token-verifier.js';

/** A refusal by the resource server, with its RFC 6750 §3 challenge. */
export class BearerError extends ToolgateError {
  constructor(status: number, code: string, message: string, challenge?: Record<string, string | undefined>) {
    super(code, message, { status, headers: challenge ? { 'WWW-Authenticate': bearerChallenge(challenge) } : {} });
  }
}

/** `Bearer k="v", …` with quoted-string escaping (RFC 9110 §5.6.4); undefined values are left out. */
export function bearerChallenge(params: Record<string, string | undefined>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${k}="${v.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ')}"`);
  return parts.length ? `Bearer ${parts.join(', ')}` : 'Bearer';
}

export interface BearerOptions {
  resource: ProtectedResource;
  /** The MCP URL (the token audience) and its RFC 9728 metadata URL; known once the server listens. */
  resourceUrl: () => string;
  metadataUrl: () => string;
  verifier: () => AccessTokenVerifier;
  logger: Logger;
}

const TOKEN68 = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * The resource server's check on the MCP route (MCP 2025-06-18, authorization §2.6; RFC 6750):
 * no token → 401 with `resource_metadata` so the client can discover the authorization server;
 * a bad token → 401 invalid_token; a token from outside the client's allowed IP ranges → 403.
 * On success `ctx.state.authInfo` carries the principal; the scopes it holds are the token's,
 * bounded by the user's current role.
 */
export function bearerAuth(options: BearerOptions): Middleware {
  const allScopes = options.resource.scopes.map((s) => s.name).join(' ');
  return async function requireBearerToken(ctx, next) {
    const challenge = (extra: Record<string, string | undefined> = {}) => ({ resource_metadata: options.metadataUrl(), scope: allScopes || undefined, ...extra });
    const header = ctx.get('authorization');
    if (!header || !/^Bearer(\s|$)/i.test(header)) {
      throw new BearerError(401, 'invalid_token', 'Authentication required: send an OAuth access token for this server as Authorization: Bearer <token>.', challenge());
    }
    const match = TOKEN68.exec(header.trim());
    if (!match) {
      throw new BearerError(400, 'invalid_request', 'The Authorization header is malformed: expected "Bearer <token>".', challenge({ error: 'invalid_request' }));
    }
    const token = match[1]!;
    let verified;
    try {
      verified = await options.verifier().verify(token, options.resourceUrl());
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
      throw new BearerError(401, 'invalid_token', `Invalid access token: ${error.message}.`, challenge({ error: 'invalid_token', error_description: error.message }));
    }
    const clientIp = ctx.state.clientIp ?? ctx.ip;
    if (verified.allowedIps && !verified.allowedIps.has(clientIp)) {
      options.logger.warn({ event: 'client_ip_refused', clientId: verified.clientId, ip: clientIp }, 'MCP request from outside the client\'s allowed IP ranges');
      throw new BearerError(403, 'access_denied', 'Requests from this network address are not allowed for this client.');
    }
    const permitted = new Set(scopesForRole(options.resource, verified.role));
    const principal: Principal = { subject: verified.subject, clientId: verified.clientId, scopes: verified.scopes.filter((s) => permitted.has(s)) };
    const authInfo: AuthInfo = {
      token,
      clientId: verified.clientId,
      scopes: [...principal.scopes],
      expiresAt: verified.expiresAt,
      resource: new URL(options.resourceUrl()),
      extra: { principal },
    };
    ctx.state.authInfo = authInfo;
    await next();
  };
}
