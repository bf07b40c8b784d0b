import type { Middleware } from 'koa';
import { isIP } from 'node:net';
import { ipRanges, normalizeIp } from './ip-ranges.js';

declare module 'koa' {
  interface DefaultState {
    /** The caller's address: the socket peer, or what a trusted proxy says it forwarded for. */
    clientIp?: string;
  }
}

const FORWARDED = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'forwarded'];

/**
 * The first thing every request meets. X-Forwarded-* headers are believed only from the
 * configured proxies: from anyone else they are removed, so that nothing further on (Koa's
 * `ctx.ip` and `ctx.secure`, oidc-provider's cookies, the IP-range checks) can be fooled by a
 * forged header. From a trusted proxy, X-Forwarded-For is read right to left, skipping the
 * trusted hops (RFC 7239 §5.2), and rewritten to the one resolved client address.
 */
export function clientAddress(trustedProxies: readonly string[]): Middleware {
  const trusted = ipRanges(trustedProxies);
  return async function resolveClientAddress(ctx, next) {
    const peer = normalizeIp(ctx.req.socket.remoteAddress ?? '');
    const headers = ctx.req.headers;
    if (trusted.cidrs.length > 0 && trusted.has(peer)) {
      const hops = String(headers['x-forwarded-for'] ?? '').split(',').map((s) => normalizeIp(s)).filter(Boolean);
      let client = peer;
      for (let i = hops.length - 1; i >= 0; i -= 1) {
        const hop = hops[i]!;
        if (isIP(hop) === 0) break;
        client = hop;
        if (!trusted.has(hop)) break;
      }
      headers['x-forwarded-for'] = client;
      const proto = String(headers['x-forwarded-proto'] ?? '').split(',').pop()?.trim().toLowerCase();
      if (proto === 'https' || proto === 'http') headers['x-forwarded-proto'] = proto;
      else delete headers['x-forwarded-proto'];
      delete headers.forwarded;
      ctx.state.clientIp = client;
    } else {
      for (const name of FORWARDED) delete headers[name];
      ctx.state.clientIp = peer;
    }
    await next();
  };
}
