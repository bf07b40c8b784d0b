import Router from '@koa/router';
import Koa from 'koa';
import type { Logger } from 'pino';
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
}

/** The Koa assembly, in the order a request passes through it. */
export function createApp(options: AppOptions): Koa {
  const app = new Koa({ proxy: false });
  app.silent = true; // the error middleware logs; Koa's default handler would print again
  const router = new Router();
  mountHealth(router, options.isReady);
  const guard = originGuard(options.origins);
  for (const [path, endpoint] of options.endpoints) {
    router.post(path, guard, mcpPostHandler({ transport: endpoint.transport, maxBodyBytes: options.maxBodyBytes }));
    // Stateless server: no SSE stream to open (GET) and no session to end (DELETE). Some clients
    // read a 404 there as "no MCP server", so answer 405 with Allow (RFC 9110 §15.5.6).
    router.all(path, guard, () => {
      throw new MethodNotAllowedError(['POST']);
    });
  }
  app.use(requestId());
  app.use(errorMiddleware(options.logger));
  app.use(router.routes());
  return app;
}
