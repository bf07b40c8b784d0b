import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import type { ServiceOverrides } from './compile/service.js';
import { baseUrlIsUnset } from './compile/service.js';
import { ConfigurationError } from './errors.js';
import { createApp } from './http/app.js';
import { isLoopback, originPolicyFor } from './http/origin-guard.js';
import { formatDiagnostic, hasErrors } from './manifest/diagnostic.js';
import { lintPacks } from './manifest/lint.js';
import { loadPacks } from './manifest/packs.js';
import { createMcpEndpoint, type McpEndpoint } from './mcp/server.js';
import { buildRegistry, type Registry } from './runtime/registry.js';
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
}

export interface RunningServer {
  url: string;
  port: number;
  registry: Registry;
  /** MCP endpoint URLs by service name. */
  mcpUrls: Record<string, string>;
  /** Embedded upstreams that were started, by service name. */
  embedded: Record<string, EmbeddedUpstream>;
  close(): Promise<void>;
}

/**
 * Load → lint → compile → listen. Any manifest error stops start-up with the located diagnostics;
 * nothing is validated lazily at call time.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  const host = options.host ?? '127.0.0.1';
  // Until OAuth is configured the endpoint is open, so it may only listen on loopback.
  if (!isLoopback(host)) throw new ConfigurationError(`Refusing to serve without authentication on ${host}: bind to 127.0.0.1 (or ::1).`);
  const loaded = await loadPacks(options.manifests);
  const diagnostics = [...loaded.diagnostics, ...lintPacks(loaded)];
  for (const d of diagnostics.filter((x) => x.severity === 'warning')) logger.warn(formatDiagnostic(d));
  if (hasErrors(diagnostics)) {
    throw new ConfigurationError(`The manifests have errors:\n${diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n')}`);
  }
  if (loaded.packs.length === 0) throw new ConfigurationError(`No Service manifest found in ${options.manifests.join(', ')}.`);
  const overrides: Record<string, ServiceOverrides> = { ...options.overrides };
  const embedded: Record<string, EmbeddedUpstream> = {};
  const closeEmbedded = () => Promise.all(Object.values(embedded).map((e) => e.close()));
  let registry: Registry | undefined;
  try {
    for (const pack of loaded.packs) {
      const manifest = pack.service.manifest;
      if (overrides[manifest.name]?.baseUrl || !baseUrlIsUnset(manifest, options.env)) continue;
      const starter = manifest.upstream.embedded ? options.embedded?.[manifest.upstream.embedded] : undefined;
      if (!starter) throw new ConfigurationError(`${manifest.name}: upstream.baseUrl is not set (${manifest.upstream.baseUrl}) and no embedded upstream is available.`);
      const upstream = await starter({ logger });
      embedded[manifest.name] = upstream;
      overrides[manifest.name] = { ...overrides[manifest.name], baseUrl: upstream.url, headers: upstream.headers };
      logger.info({ service: manifest.name, upstream: upstream.url }, `started embedded upstream ${manifest.upstream.embedded}`);
    }
    if (options.env) for (const pack of loaded.packs) overrides[pack.service.manifest.name] = { ...overrides[pack.service.manifest.name], env: options.env };
    registry = buildRegistry(loaded.packs, overrides);
    const endpoints = new Map<string, McpEndpoint>();
    for (const runtime of registry.services) {
      if (endpoints.has(runtime.service.mcpPath)) throw new ConfigurationError(`Two services use the MCP path ${runtime.service.mcpPath}; give each its own mcp.path.`);
      endpoints.set(runtime.service.mcpPath, await createMcpEndpoint(runtime, logger));
    }
    let ready = false;
    // Host/Origin checks need the real port, known only once listening: the sets are filled then.
    const origins = { hosts: new Set<string>(), origins: new Set<string>() };
    const app = createApp({ endpoints, origins, logger, maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024, isReady: () => ready });
    const server: HttpServer = await new Promise((resolve, reject) => {
      const s = app.listen(options.port ?? 0, host, () => resolve(s));
      s.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    const policy = originPolicyFor(host, port, options.publicUrls);
    policy.hosts.forEach((h) => origins.hosts.add(h));
    policy.origins.forEach((o) => origins.origins.add(o));
    for (const origin of options.allowedOrigins ?? []) origins.origins.add(origin.toLowerCase());
    ready = true;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const mcpUrls = Object.fromEntries(registry.services.map((s) => [s.service.name, url + s.service.mcpPath]));
    const reg = registry;
    return {
      url,
      port,
      registry: reg,
      mcpUrls,
      embedded,
      async close() {
        ready = false;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await Promise.all([...endpoints.values()].map((e) => e.close()));
        await reg.close();
        await closeEmbedded();
      },
    };
  } catch (error) {
    await registry?.close();
    await closeEmbedded();
    throw error;
  }
}
