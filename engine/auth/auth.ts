import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Provider } from 'oidc-provider';
import type { Logger } from 'pino';
import type { AuditSink } from '../audit/audit-log.js';
import type { ServiceRuntime } from '../runtime/registry.js';
import { migrate, type Store } from '../store/index.js';
import { sweepExpired } from './adapter.js';
import { bearerAuth } from './bearer.js';
import { clientAddress } from './client-ip.js';
import { mountInteractions } from './interactions/routes.js';
import { loadOrCreateSecrets } from './keys.js';
import { authMigrations } from './migrations.js';
import { mountResourceMetadata, PRM_PATH, resourceMetadataUrl } from './protected-resource.js';
import { createProvider } from './provider.js';
import { installProviderMiddleware, providerAsMiddleware } from './provider-middleware.js';
import { protectedResources, type ProtectedResource } from './scope-catalog.js';
import { scopeGuard, type MessageAuthorizer } from './scope-guard.js';
import { resolveAuthSettings, type AuthSettings, type AuthSettingsInput } from './settings.js';
import { TokenStateReader } from './token-state.js';
import { AccessTokenVerifier } from './token-verifier.js';
import { UserDirectory } from './users.js';

export interface AuthOptions {
  /**
   * The URL clients reach this server at (behind a proxy: the public https URL). The issuer is its
   * origin and every MCP URL, the tokens' audience, is this origin plus the endpoint's path.
   * Default: the server's own address once it listens.
   */
  publicUrl?: string;
  settings?: AuthSettingsInput;
}

/** What the HTTP assembly (engine/http/app.ts) mounts, in request order. */
export interface AuthHttp {
  /** Forwarded headers believed only from trusted proxies; sets ctx.state.clientIp. Mounted first. */
  readonly edge: Middleware;
  /** Protected resource metadata and the login and consent pages. */
  routes(router: Router): void;
  /** oidc-provider: answers its own endpoints and passes anything else on. Mounted after the router. */
  readonly provider: Middleware;
  /** The MCP route's bearer check for the endpoint at this path. */
  bearer(mcpPath: string): Middleware;
  /** The MCP route's tools/call scope check (403 insufficient_scope). */
  authorizeMessages(mcpPath: string): MessageAuthorizer;
  /** Paths anyone may read cross-origin (the RFC 9728 metadata). */
  isPublicPath(path: string): boolean;
}

export interface GatewayAuth extends AuthHttp {
  readonly settings: AuthSettings;
  readonly users: UserDirectory;
  /** Builds the authorization server once the server's URL is known. */
  start(serverUrl: string): { issuer: string; resourceUrls: Record<string, string> };
  readonly issuer: string;
  close(): Promise<void>;
}

/**
 * The authorization server and the resource-server checks, on the project's store. Created before
 * the server listens (migrations, keys, routes); `start` builds oidc-provider once the URL is known.
 */
export async function createAuth(options: AuthOptions & { store: Store; services: readonly ServiceRuntime[]; logger: Logger; audit?: AuditSink }): Promise<GatewayAuth> {
  const settings = resolveAuthSettings(options.settings);
  const { store, logger } = options;
  await migrate(store, authMigrations);
  const secrets = await loadOrCreateSecrets(store);
  const users = new UserDirectory(store);
  const states = await TokenStateReader.open(store);
  const resources = protectedResources(options.services);
  const byPath = new Map(resources.map((r) => [r.path, r]));
  let started: { issuer: string; origin: string; provider: Provider; verifier: AccessTokenVerifier } | undefined;
  let sweeper: NodeJS.Timeout | undefined;

  const need = () => {
    if (!started) throw new Error('auth is not started yet');
    return started;
  };
  const resourceUrl = (resource: ProtectedResource) => `${need().origin}${resource.path}`;
  const resourceFor = (path: string) => {
    const resource = byPath.get(path);
    if (!resource) throw new Error(`no protected resource at ${path}`);
    return resource;
  };
  const listed = () => resources.map((resource) => ({ url: resourceUrl(resource), resource }));

  return {
    settings,
    users,
    edge: clientAddress(settings.trustedProxies),
    routes(router) {
      mountResourceMetadata(router, { resources, resourceUrl, issuer: () => need().issuer });
      mountInteractions(router, {
        provider: () => need().provider,
        origin: () => need().origin,
        users,
        resources: listed,
        csrfKey: secrets.csrfKey,
        settings,
        logger,
      });
    },
    provider: providerAsMiddleware(() => started?.provider),
    bearer(mcpPath) {
      const resource = resourceFor(mcpPath);
      return bearerAuth({
        resource,
        resourceUrl: () => resourceUrl(resource),
        metadataUrl: () => resourceMetadataUrl(resourceUrl(resource)),
        verifier: () => need().verifier,
        logger,
      });
    },
    authorizeMessages(mcpPath) {
      const resource = resourceFor(mcpPath);
      return scopeGuard({ resource, metadataUrl: () => resourceMetadataUrl(resourceUrl(resource)), audit: options.audit });
    },
    isPublicPath: (path) => path === PRM_PATH || path.startsWith(`${PRM_PATH}/`),
    start(serverUrl) {
      const base = new URL(options.publicUrl ?? serverUrl);
      // The provider answers at the root of its origin (its well-known URLs are root-relative).
      const issuer = base.origin;
      const verifier = new AccessTokenVerifier({ states, issuer, publicJwks: secrets.publicJwks, acceptUrlClientIds: settings.clientIdMetadataDocuments });
      started = { issuer, origin: base.origin, verifier, provider: undefined as unknown as Provider };
      const provider = createProvider({ issuer, sql: store, settings, secrets, users, resources: listed(), logger });
      // Forwarded headers reach the provider only from trusted proxies (see client-ip.ts).
      provider.proxy = true;
      installProviderMiddleware(provider, { settings, resources: listed(), verifier, sql: store, logger });
      started.provider = provider;
      sweeper = setInterval(() => {
        sweepExpired(store).catch((error: unknown) => logger.warn({ err: error }, 'could not delete expired authorization records'));
      }, 10 * 60_000);
      sweeper.unref();
      return { issuer, resourceUrls: Object.fromEntries(resources.map((r) => [r.service, resourceUrl(r)])) };
    },
    get issuer() {
      return need().issuer;
    },
    async close() {
      if (sweeper) clearInterval(sweeper);
      await states.close();
    },
  };
}
