import type { NotSupported, Permit, ServiceManifest } from '../../generated/manifest.js';
import { ConfigurationError } from '../errors.js';
import { interpolateEnv } from '../manifest/env.js';
import { UpstreamClient } from '../upstream/client.js';
import { compileEnvelope } from '../upstream/envelope.js';
import { parseBaseUrl, type BaseUrl } from '../upstream/url.js';

export interface CompiledService {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly mcpPath: string;
  readonly maxResultBytes: number;
  readonly base: BaseUrl;
  readonly client: UpstreamClient;
  readonly scopes: ReadonlyArray<{ name: string; description: string }>;
  readonly permits: readonly Permit[];
  readonly notSupported: readonly NotSupported[];
  readonly manifest: ServiceManifest;
}

export interface ServiceOverrides {
  /** Replaces the manifest's base URL (e.g. the embedded sandbox's address). */
  baseUrl?: string;
  /** Extra or replacing upstream headers (e.g. the sandbox's access key). */
  headers?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
}

/** Resolve env references and build the service's one connection pool. Fails at start-up, never per call. */
export function compileService(manifest: ServiceManifest, overrides: ServiceOverrides = {}): CompiledService {
  const env = overrides.env ?? process.env;
  const rawBase = overrides.baseUrl ?? resolve(manifest.upstream.baseUrl, `${manifest.name}: upstream.baseUrl`, env);
  let base: BaseUrl;
  try {
    base = parseBaseUrl(rawBase);
  } catch (error) {
    throw new ConfigurationError(`${manifest.name}: upstream.baseUrl: ${(error as Error).message}`, error);
  }
  const headers: Record<string, string> = {};
  const replaced = new Set(Object.keys(overrides.headers ?? {}).map((h) => h.toLowerCase()));
  for (const [name, value] of Object.entries(manifest.upstream.headers ?? {})) {
    if (value === undefined || replaced.has(name.toLowerCase())) continue;
    headers[name.toLowerCase()] = resolve(value, `${manifest.name}: upstream.headers.${name}`, env);
  }
  for (const [name, value] of Object.entries(overrides.headers ?? {})) headers[name.toLowerCase()] = value;
  const upstream = manifest.upstream;
  const client = new UpstreamClient({
    base,
    headers,
    timeoutMs: upstream.timeoutMs ?? 15_000,
    connectTimeoutMs: upstream.connectTimeoutMs ?? 5_000,
    maxResponseBytes: upstream.maxResponseBytes ?? 8 * 1024 * 1024,
    connections: upstream.connections ?? 64,
    envelope: compileEnvelope(upstream.errors),
  });
  return {
    name: manifest.name,
    title: manifest.title,
    description: manifest.description,
    mcpPath: manifest.mcp?.path ?? '/v1/ds-mcp/mcp',
    maxResultBytes: manifest.mcp?.maxResultBytes ?? 65_536,
    base,
    client,
    scopes: manifest.scopes,
    permits: manifest.policy.permits,
    notSupported: manifest.policy.notSupported,
    manifest,
  };
}

/** True when the manifest's base URL resolves to nothing: the caller may start an embedded upstream. */
export function baseUrlIsUnset(manifest: ServiceManifest, env: NodeJS.ProcessEnv = process.env): boolean {
  return interpolateEnv(manifest.upstream.baseUrl, env).value.trim() === '';
}

function resolve(text: string, where: string, env: NodeJS.ProcessEnv): string {
  const { value, missing } = interpolateEnv(text, env);
  if (missing.length > 0) throw new ConfigurationError(`${where}: environment variable ${missing.join(', ')} is not set`);
  return value;
}
