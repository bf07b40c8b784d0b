import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import type { AuditLog } from './audit/audit-log.js';
import type { AuthOptions, GatewayAuth } from './auth/auth.js';
import type { UserDirectory } from './auth/users.js';
import type { ServiceOverrides } from './compile/service.js';
import { ConfigurationError } from './errors.js';
import { isLoopback, originPolicyFor } from './http/origin-guard.js';
import type { CheckedManifests, PackData } from './manifest/check.js';
import { checkManifestsOffThread, type ManifestCheck } from './manifest/check-in-worker.js';
import { formatDiagnostic, hasErrors } from './manifest/diagnostic.js';
import type { McpEndpoint } from './mcp/server.js';
import type { Registry } from './runtime/registry.js';
import { migrate, openStore, type Store } from './store/index.js';
import { createLogger } from './log.js';

/** An upstream shipped with toolgate, started in-process when a pack's base URL is unset. */
export interface EmbeddedUpstream {
  url: string;
  headers?: Record<string, string>;
  close(): Promise<void>;
}

export type EmbeddedUpstreamStarter = (options: { logger: Logger }) => Promise<EmbeddedUpstream>;

export interface ServeOptions {
  manifests: readonly string[];
  host?: string;
  port?: number;
  logger?: Logger;
  /** URLs clients use to reach this server (for Host/Origin checks behind a proxy). */
  publicUrls?: readonly string[];
  /** Extra Origins allowed to call the MCP endpoint (e.g. a local inspector page). */
  allowedOrigins?: readonly string[];
  maxBodyBytes?: number;
  embedded?: Readonly<Record<string, EmbeddedUpstreamStarter>>;
  overrides?: Record<string, ServiceOverrides>;
  env?: NodeJS.ProcessEnv;
  /**
   * OAuth 2.1 (engine/auth): the embedded authorization server, and a bearer token required on
   * every MCP endpoint. Without it the endpoints are open, which is allowed on loopback only.
   */
  auth?: AuthOptions;
  /**
   * Gateway state: OAuth clients, grants and users, and the audit log. Default: PGlite in memory.
   * A function is called once the manifests are known to be good, and its store is closed with the server.
   */
  store?: Store | (() => Promise<Store>);
}

export interface RunningServer {
  url: string;
  port: number;
  registry: Registry;
  /** MCP endpoint URLs by service name. */
  mcpUrls: Record<string, string>;
  /** Embedded upstreams that were started, by service name. */
  embedded: Record<string, EmbeddedUpstream>;
  store: Store;
  audit: AuditLog;
  /** Present when auth is on. */
  auth?: { issuer: string; resourceUrls: Record<string, string>; users: UserDirectory };
  close(): Promise<void>;
}

/**
 * Load → lint → compile → listen. Any manifest error stops start-up with the located diagnostics;
 * nothing is validated lazily at call time, nothing is written to the store and nothing is served
 * before the lint has passed.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  const host = options.host ?? '127.0.0.1';
  const publicUrl = options.auth?.publicUrl ?? options.publicUrls?.[0];
  checkExposure(host, options.auth, publicUrl);
  // The manifests are read and linted on a worker thread (manifest/check-in-worker.ts) while this
  // thread loads the server's modules, opens the store, loads the authorization server and, once
  // the manifests are loaded, compiles them and builds their MCP endpoints: on two cores the two
  // halves of the cold start overlap (1,000 tools, bench/). What writes to the store (migrations,
  // the authorization server's keys) and listening wait for the lint's verdict. If the manifests
  // are bad, what was built is closed, and so is the store.
  const check = checkManifestsOffThread(options.manifests);
  const owned = typeof options.store !== 'object';
  const storeOpening = typeof options.store === 'object' ? Promise.resolve(options.store) : (options.store ?? (() => openStore()))();
  const closeStore = () => (owned ? storeOpening.then((s) => s.close(), () => undefined) : Promise.resolve());
  const parts: ServerParts = {
    options,
    logger,
    publicUrl,
    storeOpening,
    authLoading: options.auth ? import('./auth/auth.js') : undefined,
    modulesLoading: loadServerModules(),
  };
  // All are awaited below; until then a rejection must not be reported as unhandled.
  for (const pending of [storeOpening, parts.authLoading, parts.modulesLoading]) pending?.catch(() => undefined);
  const compiling = compileWhileLinting(check, parts.modulesLoading, options);
  const building = compiling.then((early) => (early && 'registry' in early ? buildEndpoints(early.registry, parts) : undefined));
  building.catch(() => undefined);
  // What was built before the verdict, closed; a failure to build it is reported only after a good verdict.
  const discardBuilt = () => building.then((built) => built?.close(), () => undefined);
  let checked: CheckedManifests;
  try {
    checked = await check.checked;
    const { diagnostics } = checked;
    for (const d of diagnostics.filter((x) => x.severity === 'warning')) logger.warn(formatDiagnostic(d));
    if (hasErrors(diagnostics)) {
      throw new ConfigurationError(`The manifests have errors:\n${diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n')}`);
    }
    if (checked.packs.length === 0) throw new ConfigurationError(`No Service manifest found in ${options.manifests.join(', ')}.`);
  } catch (error) {
    await discardBuilt();
    await closeStore();
    throw error;
  }
  const embedded: Record<string, EmbeddedUpstream> = {};
  const closeEmbedded = () => Promise.all(Object.values(embedded).map((e) => e.close()));
  let built: BuiltEndpoints | undefined;
  let auth: GatewayAuth | undefined;
  try {
    built = (await building) ?? (await buildAfterVerdict(checked.packs, compiling, embedded, parts));
    const { store, registry, endpoints, audit } = built;
    const { auditMigrations, createApp } = await parts.modulesLoading;
    await migrate(store, auditMigrations);
    // Loaded only when used: `--no-auth` development never loads the authorization server.
    if (options.auth && parts.authLoading) auth = await (await parts.authLoading).createAuth({ ...options.auth, publicUrl, store, services: registry.services, logger, audit });
    let ready = false;
    // Host/Origin checks need the real port, known only once listening: the sets are filled then.
    const origins = { hosts: new Set<string>(), origins: new Set<string>() };
    const app = createApp({ endpoints, origins, logger, maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024, isReady: () => ready, auth });
    const server: HttpServer = await new Promise((resolve, reject) => {
      const s = app.listen(options.port ?? 0, host, () => resolve(s));
      s.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    const policy = originPolicyFor(host, port, options.publicUrls);
    policy.hosts.forEach((h) => origins.hosts.add(h));
    policy.origins.forEach((o) => origins.origins.add(o));
    for (const origin of options.allowedOrigins ?? []) origins.origins.add(origin.toLowerCase());
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const authStarted = auth?.start(url);
    ready = true;
    const mcpUrls = Object.fromEntries(registry.services.map((s) => [s.service.name, url + s.service.mcpPath]));
    const started = auth;
    const endpointsBuilt = built;
    return {
      url,
      port,
      registry,
      mcpUrls,
      embedded,
      store,
      audit,
      auth: started && authStarted ? { ...authStarted, users: started.users } : undefined,
      async close() {
        ready = false;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await endpointsBuilt.close();
        await closeEmbedded();
        await started?.close();
        await closeStore();
      },
    };
  } catch (error) {
    await (built ? built.close() : discardBuilt());
    await closeEmbedded();
    await auth?.close();
    await closeStore();
    throw error;
  }
}

/** What startServer has under way before the verdict. */
interface ServerParts {
  options: ServeOptions;
  logger: Logger;
  publicUrl: string | undefined;
  storeOpening: Promise<Store>;
  authLoading: Promise<typeof import('./auth/auth.js')> | undefined;
  modulesLoading: ReturnType<typeof loadServerModules>;
}

/** The compiled tools with their MCP endpoints, over the open store. */
interface BuiltEndpoints {
  store: Store;
  audit: AuditLog;
  registry: Registry;
  endpoints: Map<string, McpEndpoint>;
  /** Close the endpoints and the registry (not the store). */
  close(): Promise<void>;
}

/**
 * The MCP endpoints of a compiled registry (each encodes its tools/list answer once: 2.4 MB over
 * 1,000 tools). Writes nothing and answers nothing, so it may run before the lint's verdict. It
 * owns the registry from here on, and on a failure closes what it built.
 */
async function buildEndpoints(registry: Registry, parts: ServerParts): Promise<BuiltEndpoints> {
  const endpoints = new Map<string, McpEndpoint>();
  const close = async () => {
    await Promise.all([...endpoints.values()].map((e) => e.close()));
    await registry.close();
  };
  try {
    const [store, { AuditLog, createMcpEndpoint, forgetParsedExpressions }] = await Promise.all([parts.storeOpening, parts.modulesLoading]);
    // What the compile parsed all the same (a template's `{{ }}` holding `}}`) is parsed again on first use.
    forgetParsedExpressions();
    const audit = new AuditLog(store);
    for (const runtime of registry.services) {
      if (endpoints.has(runtime.service.mcpPath)) throw new ConfigurationError(`Two services use the MCP path ${runtime.service.mcpPath}; give each its own mcp.path.`);
      endpoints.set(runtime.service.mcpPath, await createMcpEndpoint(runtime, parts.logger, { audit }));
    }
    return { store, audit, registry, endpoints, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * buildEndpoints after the verdict, when the tools could not be compiled early: a pack needs an
 * embedded upstream, started here, whose address the compile must know; or the early compile
 * failed, and its error is reported now that the manifests are known to be good.
 */
async function buildAfterVerdict(packs: readonly PackData[], compiling: Promise<EarlyCompile>, embedded: Record<string, EmbeddedUpstream>, parts: ServerParts): Promise<BuiltEndpoints> {
  const { options, logger } = parts;
  const overrides = overridesFor(packs, options);
  const { baseUrlIsUnset, buildRegistry } = await parts.modulesLoading;
  for (const pack of packs) {
    const manifest = pack.service.manifest;
    if (overrides[manifest.name]?.baseUrl || !baseUrlIsUnset(manifest, options.env)) continue;
    const starter = manifest.upstream.embedded ? options.embedded?.[manifest.upstream.embedded] : undefined;
    if (!starter) throw new ConfigurationError(`${manifest.name}: upstream.baseUrl is not set (${manifest.upstream.baseUrl}) and no embedded upstream is available.`);
    const upstream = await starter({ logger });
    embedded[manifest.name] = upstream;
    overrides[manifest.name] = { ...overrides[manifest.name], baseUrl: upstream.url, headers: upstream.headers };
    logger.info({ service: manifest.name, upstream: upstream.url }, `started embedded upstream ${manifest.upstream.embedded}`);
  }
  const early = await compiling;
  if (early && 'error' in early) throw early.error;
  // The lint passed, so every expression parses: none is parsed by the compile, each on first use.
  return buildEndpoints(buildRegistry(packs, overrides, { linted: true }), parts);
}

type EarlyCompile = { registry: Registry } | { error: unknown } | undefined;

/**
 * The packs compiled as soon as they are loaded, while the worker still lints them, so that the
 * compile is off the start-up path. The registry, or the compile's error, is used only once the
 * lint has passed, where startServer would have compiled: the same error wins as before. Nothing
 * is compiled early when a pack needs an embedded upstream, whose address is known only once it
 * has started, after the lint; nor when the load or a module failed, which is reported elsewhere.
 */
async function compileWhileLinting(check: ManifestCheck, modules: ReturnType<typeof loadServerModules>, options: ServeOptions): Promise<EarlyCompile> {
  let packs: PackData[];
  let loaded: Awaited<typeof modules>;
  try {
    [packs, loaded] = await Promise.all([check.loaded, modules]);
  } catch {
    return undefined;
  }
  const overrides = overridesFor(packs, options);
  if (packs.some(({ service: { manifest } }) => !overrides[manifest.name]?.baseUrl && loaded.baseUrlIsUnset(manifest, options.env))) return undefined;
  try {
    return { registry: loaded.buildRegistry(packs, overrides, { linted: true }) };
  } catch (error) {
    return { error };
  }
}

function overridesFor(packs: readonly PackData[], options: ServeOptions): Record<string, ServiceOverrides> {
  const overrides: Record<string, ServiceOverrides> = { ...options.overrides };
  if (options.env) for (const { service } of packs) overrides[service.manifest.name] = { ...overrides[service.manifest.name], env: options.env };
  return overrides;
}

/**
 * The server's own modules (Koa, the MCP SDK, ajv, the compiler, undici: ~0.4 s to load cold),
 * loaded only once the manifest check has started, so that loading them overlaps it.
 */
async function loadServerModules() {
  const [audit, migrations, service, expression, app, mcp, registry] = await Promise.all([
    import('./audit/audit-log.js'),
    import('./audit/migrations.js'),
    import('./compile/service.js'),
    import('./compile/expression.js'),
    import('./http/app.js'),
    import('./mcp/server.js'),
    import('./runtime/registry.js'),
  ]);
  return {
    AuditLog: audit.AuditLog,
    auditMigrations: migrations.auditMigrations,
    baseUrlIsUnset: service.baseUrlIsUnset,
    forgetParsedExpressions: expression.forgetParsedExpressions,
    createApp: app.createApp,
    createMcpEndpoint: mcp.createMcpEndpoint,
    buildRegistry: registry.buildRegistry,
  };
}

/**
 * An open endpoint may only listen on loopback (DESIGN.md §Authorization). With auth, another
 * address needs the public URL clients use (the issuer and the tokens' audience derive from it);
 * an https public URL means a TLS-terminating proxy, which must be named so that its
 * X-Forwarded-Proto is believed (secure cookies) and its X-Forwarded-For gives the client's IP.
 */
function checkExposure(host: string, auth: AuthOptions | undefined, publicUrl: string | undefined): void {
  if (!auth) {
    if (!isLoopback(host)) throw new ConfigurationError(`Refusing to serve without authentication on ${host}: bind to 127.0.0.1 (or ::1).`);
    return;
  }
  if (!publicUrl) {
    if (!isLoopback(host)) throw new ConfigurationError(`Serving on ${host} needs the URL clients use to reach this server: set --public-url (e.g. https://mcp.example.com).`);
    return;
  }
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new ConfigurationError(`The public URL ${publicUrl} is not an absolute URL.`);
  }
  if (url.pathname !== '/' || url.search || url.hash) throw new ConfigurationError(`The public URL must be an origin (https://host[:port]) with no path: ${publicUrl}. toolgate serves its endpoints at the root of its host.`);
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) throw new ConfigurationError(`The public URL ${publicUrl} must use https (OAuth 2.1 §1.5); plain http is accepted for loopback only.`);
  if (url.protocol === 'https:' && (auth.settings?.trustedProxies ?? []).length === 0) {
    throw new ConfigurationError(`The public URL ${publicUrl} is https, so a TLS-terminating proxy is in front: name its address with --trusted-proxy (CIDR) so that its X-Forwarded-For and X-Forwarded-Proto are believed.`);
  }
}
