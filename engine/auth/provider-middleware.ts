import type { Middleware } from 'koa';
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { Logger } from 'pino';
import type { Sql } from '../store/index.js';
import { AttemptLimiter } from './attempt-limiter.js';
import { withRequestContexts } from './request-contexts.js';
import { requestFacts } from './request-facts.js';
import type { ProtectedResource } from './scope-catalog.js';
import type { AuthSettings } from './settings.js';
import { TokenRejected, type AccessTokenVerifier } from './token-verifier.js';

export interface ProviderMiddlewareDeps {
  settings: AuthSettings;
  resources: ReadonlyArray<{ url: string; resource: ProtectedResource }>;
  verifier: AccessTokenVerifier;
  sql: Sql;
  logger: Logger;
}

/**
 * What toolgate adds around oidc-provider's own pipeline (its documented pre/post middleware):
 * before, the token alias path, a registration rate limit, the default scope and the request facts
 * for the IP-range check; after, the RS scopes in the metadata and revocation and introspection of
 * our JWT access tokens, which the library leaves to the resource server.
 */
export function installProviderMiddleware(provider: Provider, deps: ProviderMiddlewareDeps): void {
  const { paths } = deps.settings;
  const aliases = new Set(paths.tokenAliases);
  const clientIpRoutes = new Set([paths.token, paths.revocation, paths.introspection]);
  const registrations = new AttemptLimiter(deps.settings.registration.perIpPerHour, 3600_000);

  provider.use(async function toolgateAroundProvider(ctx, next) {
    if (aliases.has(ctx.path)) ctx.path = paths.token;
    const clientIp = (ctx.state as { clientIp?: string }).clientIp ?? ctx.ip;
    if (ctx.method === 'POST' && ctx.path === paths.registration) {
      const wait = registrations.blockedFor(clientIp);
      if (wait > 0) {
        ctx.status = 429;
        ctx.set('Retry-After', String(wait));
        ctx.body = { error: 'invalid_request', error_description: 'too many client registrations from this address; try again later' };
        return;
      }
      registrations.record(clientIp);
    }
    if (ctx.method === 'GET' && ctx.path === paths.authorization) await applyDefaultScope(ctx, provider, deps.resources);
    await requestFacts.run({ clientIp, enforceClientIp: ctx.method === 'POST' && clientIpRoutes.has(ctx.path) }, next);

    const route = 'oidc' in ctx ? (ctx as unknown as KoaContextWithOIDC).oidc.route : undefined;
    if ((route === 'revocation' || route === 'introspection') && ctx.status === 400 && (ctx.body as { error?: string } | undefined)?.error === 'unsupported_token_type') {
      await structuredToken(ctx as unknown as KoaContextWithOIDC, route, deps);
    }
  });
}

/**
 * RFC 6749 §3.3: a request without a scope for the resource gets the resource's scopes by default
 * (the user's role then bounds what is granted), rather than a token good for nothing.
 */
async function applyDefaultScope(ctx: Parameters<Middleware>[0], provider: Provider, resources: ProviderMiddlewareDeps['resources']): Promise<void> {
  const query = ctx.query;
  const resource = typeof query.resource === 'string' ? resources.find((r) => r.url === query.resource) : query.resource === undefined ? resources[0] : undefined;
  if (!resource || (query.scope !== undefined && typeof query.scope !== 'string') || typeof query.client_id !== 'string') return;
  const requested = (query.scope ?? '').split(' ').filter(Boolean);
  const own = resource.resource.scopes.map((s) => s.name);
  if (requested.some((s) => own.includes(s))) return;
  // Only what the client may ask for (its registered `scope`), so the default never makes the request invalid.
  const client = await provider.Client.find(query.client_id).catch(() => undefined);
  const allowed = client?.scope ? new Set(client.scope.split(' ')) : undefined;
  const defaults = own.filter((s) => !allowed || allowed.has(s));
  if (defaults.length > 0) ctx.query = { ...query, scope: [...requested, ...defaults].join(' ') };
}

/**
 * RFC 7009 and RFC 7662 for JWT access tokens. oidc-provider authenticates the client and then
 * declines structured tokens (unsupported_token_type); here the token is verified as ours and
 * revoked (listed until it expires) or introspected, for the client it was issued to only.
 */
async function structuredToken(ctx: KoaContextWithOIDC, route: 'revocation' | 'introspection', deps: ProviderMiddlewareDeps): Promise<void> {
  const client = ctx.oidc.client;
  const token = ctx.oidc.params?.token;
  if (!client || typeof token !== 'string') return;
  const audiences = deps.resources.map((r) => r.url);
  let verified;
  try {
    verified = await deps.verifier.verify(token, audiences);
  } catch (error) {
    if (!(error instanceof TokenRejected)) throw error;
  }
  const own = verified?.clientId === client.clientId;
  if (route === 'introspection') {
    ctx.status = 200;
    ctx.body = own && verified
      ? { active: true, token_type: 'Bearer', client_id: verified.clientId, sub: verified.subject, scope: verified.scopes.join(' '), aud: verified.audience, exp: verified.expiresAt, iss: ctx.oidc.issuer, jti: verified.jti }
      : { active: false };
    return;
  }
  if (verified && !own && client.clientAuthMethod !== 'none') {
    ctx.status = 400;
    ctx.body = { error: 'invalid_request', error_description: 'client is not authorized to revoke the presented token' };
    return;
  }
  if (verified && own) {
    await deps.sql.query('INSERT INTO auth.revoked_tokens (jti, expires_at) VALUES ($1, to_timestamp($2)) ON CONFLICT (jti) DO NOTHING', [verified.jti, verified.expiresAt]);
    deps.logger.info({ event: 'token_revoked', clientId: client.clientId, subject: verified.subject }, 'access token revoked');
  }
  // RFC 7009 §2.2: an invalid or unknown token is not an error.
  ctx.status = 200;
  ctx.body = '';
}

/** oidc-provider as middleware of the main app (what koa-mount does at "/"): its routes answer, anything else passes on. */
export function providerAsMiddleware(provider: () => Provider | undefined): Middleware {
  return function oidcProvider(ctx, next) {
    const p = provider();
    if (!p) return next();
    const stack = p.middleware as Middleware[];
    const dispatch = (i: number): Promise<void> => {
      const fn = stack[i];
      if (!fn) return next();
      return Promise.resolve(fn(ctx, () => dispatch(i + 1)));
    };
    return withRequestContexts(() => dispatch(0));
  };
}
