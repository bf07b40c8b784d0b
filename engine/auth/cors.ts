import type { Middleware } from 'koa';
import type { OriginPolicy } from '../http/origin-guard.js';

const ALLOW_HEADERS = 'Authorization, Content-Type, Accept, Mcp-Protocol-Version, Mcp-Session-Id, Last-Event-ID, X-Request-Id';
// A browser client reads WWW-Authenticate to find the resource metadata and the scopes it needs.
const EXPOSE_HEADERS = 'WWW-Authenticate, Mcp-Session-Id, Mcp-Protocol-Version, X-Request-Id';

/**
 * CORS for browser-based MCP clients (Fetch standard §3.2). The MCP endpoints answer only the
 * Origins the server accepts (the same list as the origin guard), exposing WWW-Authenticate; the
 * protected-resource metadata is public and answers any Origin. Preflights end here; other
 * requests go on, with the headers set so that even a 401 or 403 is readable by the page.
 */
export function cors(options: { origins: OriginPolicy; mcpPaths: ReadonlySet<string>; publicPaths: (path: string) => boolean }): Middleware {
  return async function corsHeaders(ctx, next) {
    const origin = ctx.get('origin');
    if (!origin) return next();
    const isPublic = options.publicPaths(ctx.path);
    const isMcp = options.mcpPaths.has(ctx.path);
    if (isPublic) {
      ctx.set('Access-Control-Allow-Origin', '*');
    } else if (isMcp && options.origins.origins.has(origin.toLowerCase())) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.vary('Origin');
      ctx.set('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    } else {
      return next();
    }
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
      ctx.set('Access-Control-Allow-Methods', isPublic ? 'GET, OPTIONS' : 'POST, GET, DELETE, OPTIONS');
      ctx.set('Access-Control-Allow-Headers', ALLOW_HEADERS);
      ctx.set('Access-Control-Max-Age', '600');
      ctx.status = 204;
      return;
    }
    await next();
  };
}
