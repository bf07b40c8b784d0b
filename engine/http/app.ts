import Router from '@koa/router';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { AuthHttp } from '../auth/auth.js';
import { cors } from '../auth/cors.js';
import { MethodNotAllowedError } from '../errors.js';
import { mcpPostHandler } from '../mcp/koa-handler.js';
import type { McpEndpoint } from '../mcp/server.js';
import { errorMiddleware } from './error-middleware.js';
import { mountHealth } from './health.js';
import { originGuard, type OriginPolicy } from './origin-guard.js';
import { requestId } from './request-id.js';

export interface AppOptions {
  /** MCP path → its endpoint. */
  endpoints: ReadonlyMap<string, McpEndpoint>;
  origins: OriginPolicy;
  logger: Logger;
  maxBodyBytes: number;
  isReady: () => boolean;
  /** OAuth (engine/auth); without it the MCP endpoints are open, which serve.ts allows on loopback only. */
  auth?: AuthHttp;
}

/** The Koa assembly, in the order a request passes through it. */
export function createApp(options: AppOptions): Koa {
  const { auth } = options;
  // With auth, X-Forwarded-* reach Koa only from trusted proxies (auth.edge strips the rest).
  const app = new Koa({ proxy: Boolean(auth) });
  app.silent = true; // the error middleware logs; Koa's default handler would print again
  const router = new Router();
  mountHealth(router, options.isReady);
  auth?.routes(router);
  const guard = originGuard(options.origins);
  for (const [path, endpoint] of options.endpoints) {
    // The MCP route: origin guard → bearer auth → MCP handler (whose authorize hook checks tools/call scopes).
    const bearer = auth ? [auth.bearer(path)] : [];
    router.post(path, guard, ...bearer, mcpPostHandler({ endpoint, maxBodyBytes: options.maxBodyBytes, authorize: auth?.authorizeMessages(path) }));
    // Stateless server: no SSE stream to open (GET) and no session to end (DELETE). Some clients
    // read a 404 there as "no MCP server", so answer 405 with Allow (RFC 9110 §15.5.6).
    router.all(path, guard, () => {
      throw new MethodNotAllowedError(['POST']);
    });
  }
  if (auth) app.use(auth.edge);
  app.use(requestId());
  app.use(errorMiddleware(options.logger));
  app.use(cors({ origins: options.origins, mcpPaths: new Set(options.endpoints.keys()), publicPaths: (path) => auth?.isPublicPath(path) ?? false }));
  app.use(router.routes());
  // The authorization server answers its own paths (authorize, token, metadata, …) and passes the rest on.
  if (auth) app.use(auth.provider);
  return app;
}
