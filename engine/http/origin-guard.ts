import type { Middleware } from 'koa';
import { JsonRpcHttpError } from './error-middleware.js';

export interface OriginPolicy {
  /** Accepted Host header values (host:port), lower case. */
  hosts: ReadonlySet<string>;
  /** Accepted Origin values (scheme://host:port), lower case. */
  origins: ReadonlySet<string>;
}

/**
 * DNS-rebinding protection (MCP 2025-06-18, transports §Security warning): a page on another site
 * whose name was re-pointed at 127.0.0.1 sends its own Host and Origin, so both are checked
 * against what this server is actually called.
 */
export function originGuard(policy: OriginPolicy): Middleware {
  return async function checkOrigin(ctx, next) {
    const host = (ctx.get('host') || '').toLowerCase();
    if (!policy.hosts.has(host)) throw new JsonRpcHttpError(403, -32000, `Forbidden: Host ${host || '(none)'} is not served here.`);
    const origin = ctx.get('origin').toLowerCase();
    if (origin && !policy.origins.has(origin)) throw new JsonRpcHttpError(403, -32000, `Forbidden: Origin ${origin} is not allowed.`);
    await next();
  };
}

/** The names a server bound to host:port answers to, plus any public URL it is reached through. */
export function originPolicyFor(bindHost: string, port: number, publicUrls: readonly string[] = []): OriginPolicy {
  const hosts = new Set<string>();
  const origins = new Set<string>();
  const loopback = ['127.0.0.1', 'localhost', '[::1]'];
  const names = bindHost === '0.0.0.0' || bindHost === '::' ? loopback : [bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost, ...(isLoopback(bindHost) ? loopback : [])];
  for (const name of names) {
    hosts.add(`${name}:${port}`.toLowerCase());
    origins.add(`http://${name}:${port}`.toLowerCase());
  }
  for (const raw of publicUrls) {
    const url = new URL(raw);
    hosts.add(url.host.toLowerCase());
    origins.add(url.origin.toLowerCase());
  }
  return { hosts, origins };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
