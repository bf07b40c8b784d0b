import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import { errors, Provider, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Logger } from 'pino';
import type { Sql } from '../store/index.js';
import { createAdapter } from './adapter.js';
import { clientSecretMatches, newClientSecret } from './client-secret.js';
import { ALLOWED_IP_RANGES } from './clients.js';
import { errorBody } from './interactions/pages.js';
import { sendPage } from './interactions/html.js';
import { ipRanges, parseCidr } from './ip-ranges.js';
import type { ServerSecrets } from './keys.js';
import { requestFacts } from './request-facts.js';
import type { ProtectedResource } from './scope-catalog.js';
import type { AuthSettings } from './settings.js';
import type { UserDirectory } from './users.js';

export interface ProviderOptions {
  issuer: string;
  sql: Sql;
  settings: AuthSettings;
  secrets: ServerSecrets;
  users: UserDirectory;
  /** Each MCP endpoint with its resource identifier; the first is the default audience. */
  resources: ReadonlyArray<{ url: string; resource: ProtectedResource }>;
  logger: Logger;
}

/**
 * oidc-provider, configured for MCP clients (DESIGN.md §Authorization). The library's defaults
 * that MCP changes: PKCE for every client, refresh tokens without offline_access and rotated on
 * every use, every access token a JWT whose audience is an MCP URL (RFC 8707, RFC 9068) even when
 * the client names no resource, exact redirect URIs, registration limited to known callback hosts.
 */
export function createProvider(options: ProviderOptions): Provider {
  const { settings, secrets, users, resources, logger } = options;
  const { paths, ttl } = settings;
  const defaultResource = resources[0]?.url;
  if (!defaultResource) throw new Error('createProvider: no protected resource');
  const secure = new URL(options.issuer).protocol === 'https:';
  const cookie = { httpOnly: true, sameSite: 'lax' as const, secure };
  const redirectHosts = new Set(settings.registration.allowedRedirectHosts.map((h) => h.toLowerCase()));

  const configuration: Configuration = {
    adapter: createAdapter(options.sql, { clientLoaded: enforceClientIp }),
    clients: [],
    jwks: secrets.jwks as Configuration['jwks'],
    async findAccount(_ctx, sub) {
      const user = await users.find(sub);
      if (!user || user.id !== sub) return undefined;
      return { accountId: user.id, claims: async () => ({ sub: user.id, email: user.email }) };
    },
    claims: { openid: ['sub'], email: ['email'] },
    // The resource scopes are listed too, so that a client's RFC 7591 `scope` (what it may ask
    // for) can name them, and the metadata's scopes_supported shows them.
    scopes: ['openid', 'email', 'offline_access', ...new Set(resources.flatMap((r) => r.resource.scopes.map((s) => s.name)))],
    responseTypes: ['code'],
    clientAuthMethods: settings.publicClients ? ['client_secret_basic', 'client_secret_post', 'none'] : ['client_secret_basic', 'client_secret_post'],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
    // OAuth 2.1 §4.1.1 and RFC 9700 §2.1.1: PKCE (S256 only, in this library) for every client.
    pkce: { required: () => true },
    // OAuth 2.1 §4.1.3: redirect_uri is always sent and always compared exactly.
    allowOmittingSingleRegisteredRedirectUri: false,
    routes: {
      authorization: paths.authorization,
      token: paths.token,
      revocation: paths.revocation,
      introspection: paths.introspection,
      jwks: paths.jwks,
      registration: paths.registration,
    },
    cookies: {
      names: { session: '_tg_session', interaction: '_tg_interaction', resume: '_tg_resume' },
      long: cookie,
      short: cookie,
    },
    interactions: { url: async (_ctx, interaction) => `${paths.interaction}/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      // Not used by MCP clients, and the resource server does not check DPoP proofs: off, so
      // that no token is issued with a binding nothing enforces.
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: false },
      revocation: {
        enabled: true,
        // RFC 7009 §2.1: a client revokes its own tokens; another client's token is refused
        // (or, for a public client that proves nothing, silently ignored).
        async allowedPolicy(_ctx, client, token) {
          if (token.clientId === client.clientId) return true;
          if (client.clientAuthMethod === 'none') return false;
          throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
        },
      },
      introspection: {
        enabled: true,
        // RFC 7662 §2.2: only the client a token was issued to learns that it is active.
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      registration: {
        enabled: settings.registration.enabled,
        initialAccessToken: false,
        issueRegistrationAccessToken: false,
        idFactory: () => randomUUID(),
        secretFactory: async () => newClientSecret(),
      },
      registrationManagement: { enabled: false },
      clientIdMetadataDocument: {
        enabled: settings.clientIdMetadataDocuments,
        ack: 'draft-02',
        async allowClient(_ctx, client) {
          return (client.redirectUris ?? []).every(redirectHostAllowed);
        },
      },
      resourceIndicators: {
        enabled: true,
        // RFC 8707 §2: a client that names no resource still gets an audience-restricted token.
        defaultResource: async (_ctx, _client, oneOf) => oneOf ?? defaultResource,
        useGrantedResource: async () => true,
        async getResourceServerInfo(_ctx, indicator, client) {
          const match = resources.find((r) => r.url === indicator);
          if (!match) throw new errors.InvalidTarget(`${indicator} is not a resource served here`);
          const allowed = client.scope ? new Set(client.scope.split(' ')) : undefined;
          const scopes = match.resource.scopes.map((s) => s.name).filter((s) => !allowed || allowed.has(s));
          return {
            scope: scopes.join(' '),
            audience: indicator,
            accessTokenTTL: ttl.accessToken,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    // MCP clients do not ask for offline_access, and must still be able to refresh.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => false,
    // OAuth 2.1 §4.3.1 / RFC 9700 §4.14.2: a new refresh token on every use; a reused one revokes the grant.
    rotateRefreshToken: true,
    loadExistingGrant,
    ttl: {
      AccessToken: ttl.accessToken,
      AuthorizationCode: ttl.authorizationCode,
      IdToken: ttl.accessToken,
      Grant: ttl.grant,
      Session: ttl.session,
      Interaction: ttl.interaction,
      RefreshToken(ctx) {
        const grantExp = (ctx?.oidc?.entities?.Grant as { exp?: number } | undefined)?.exp;
        const left = grantExp ? grantExp - Math.floor(Date.now() / 1000) : ttl.refreshToken;
        return Math.max(1, Math.min(ttl.refreshToken, left));
      },
    },
    extraClientMetadata: { properties: [ALLOWED_IP_RANGES], validator: validateClientMetadata },
    formats: {
      customizers: {
        // The grant id lets the resource server see that a grant was revoked (JWTs cannot be deleted).
        async jwt(_ctx, token, jwt) {
          jwt.payload.gid = (token as { grantId?: string }).grantId;
        },
      },
    },
    clientBasedCORS(_ctx, origin, client) {
      return (client.redirectUris ?? []).some((uri) => URL.parse(uri)?.origin === origin);
    },
    async renderError(ctx, out) {
      const description = out.error_description ?? 'The request could not be completed.';
      sendPage(ctx as unknown as Context, ctx.status >= 400 ? ctx.status : 400, 'Sign-in failed', errorBody('Sign-in failed', `${description} (${out.error})`));
    },
  };

  function redirectHostAllowed(uri: string): boolean {
    const url = URL.parse(uri);
    if (!url || !redirectHosts.has(url.host.toLowerCase().replace(/:\d+$/, '')) ) return false;
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    return url.protocol === 'https:' || (url.protocol === 'http:' && loopback);
  }

  /** The seed's "Enforce Allowed IP Ranges": checked when the client authenticates, before any grant is used. */
  function enforceClientIp(clientId: string, metadata: Record<string, unknown>): void {
    const facts = requestFacts.getStore();
    const ranges = metadata[ALLOWED_IP_RANGES];
    if (!facts?.enforceClientIp || !Array.isArray(ranges) || ranges.length === 0) return;
    if (ipRanges(ranges as string[]).has(facts.clientIp)) return;
    logger.warn({ event: 'client_ip_refused', clientId, ip: facts.clientIp }, 'request from outside the client\'s allowed IP ranges');
    const error = new errors.CustomOIDCProviderError('access_denied', 'requests from this network address are not allowed for this client');
    Object.assign(error, { status: 403, statusCode: 403 });
    throw error;
  }

  function validateClientMetadata(ctx: KoaContextWithOIDC | undefined, key: string, value: unknown, metadata: Record<string, unknown>): void {
    if (key !== ALLOWED_IP_RANGES) return;
    if (ctx?.oidc?.route === 'registration') {
      if (value !== undefined) throw new errors.InvalidClientMetadata(`${ALLOWED_IP_RANGES} can only be set by an administrator`);
      // RFC 7591 §5: the server decides which redirect URIs it accepts from an unauthenticated registration.
      const uris = Array.isArray(metadata.redirect_uris) ? (metadata.redirect_uris as string[]) : [];
      const refused = uris.filter((u) => !redirectHostAllowed(u));
      if (refused.length > 0) {
        throw new errors.InvalidClientMetadata(`redirect_uris ${refused.join(', ')} are not allowed for dynamically registered clients on this server`);
      }
      return;
    }
    if (value === undefined) return;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || 'error' in parseCidr(v))) {
      throw new errors.InvalidClientMetadata(`${ALLOWED_IP_RANGES} must be an array of CIDR ranges`);
    }
  }

  const provider = new Provider(options.issuer, configuration);
  // Secrets are stored hashed (client-secret.ts); the provider compares the presented one with the hash.
  provider.Client.prototype.compareClientSecret = function compareClientSecret(this: { clientSecret?: string }, actual: string) {
    return clientSecretMatches(this.clientSecret, actual);
  };
  provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'authorization server error'));
  provider.on('grant.revoked', (_ctx, grantId) => logger.info({ event: 'grant_revoked', grantId }, 'grant revoked'));
  return provider;
}

/**
 * Consent is remembered per user and client (not only per browser session, the library's
 * default): a user who allowed a client once is not asked again from another browser, until the
 * grant expires or is revoked.
 */
async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const clientId = oidc.client!.clientId;
  const grantId = oidc.result?.consent?.grantId || oidc.session?.grantIdFor(clientId);
  if (grantId) return oidc.provider.Grant.find(grantId);
  const accountId = oidc.session?.accountId;
  if (!accountId) return undefined;
  const adapter = oidc.provider.Grant.adapter as unknown as { latestFor?: (accountId: string, clientId: string) => Promise<string | undefined> };
  const remembered = await adapter.latestFor?.(accountId, clientId);
  return remembered ? oidc.provider.Grant.find(remembered) : undefined;
}
