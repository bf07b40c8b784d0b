import { Router } from '@koa/router';
import Koa from 'koa';
import type { Store } from '../engine/store/index.js';
import { seedGsid } from './gsid.js';
import { accessKeyAuth, errorEnvelope, fixedWindowRateLimit, jsonBody, requestLog, type RateLimitOptions } from './http/middleware.js';
import type { SandboxDeps, SandboxLogger, SandboxState } from './http/state.js';
import { gsuser } from './objects/index.js';
import { cockpitRoutes } from './routes/cockpit.js';
import { dataQueryRoutes } from './routes/data-query.js';
import { picklistRoutes } from './routes/picklists.js';
import { restrictedRoutes } from './routes/restricted.js';
import { successPlanRoutes } from './routes/success-plans.js';
import { timelineRoutes } from './routes/timeline.js';
import type { RouteModule } from './routes/types.js';

export interface SandboxAppOptions {
  store: Store;
  accessKey: string;
  /** Off unless given. */
  rateLimit?: RateLimitOptions | undefined;
  clock?: (() => Date) | undefined;
  /** The access key's user (CURRENT_USER, default owner). Default: the first seeded CSM. */
  currentUserId?: string | undefined;
  logger?: SandboxLogger | undefined;
}

const routeModules: readonly RouteModule[] = [
  dataQueryRoutes, cockpitRoutes, successPlanRoutes, picklistRoutes, timelineRoutes, restrictedRoutes,
];

/** The first seeded user: a CSM who owns companies and CTAs, so CURRENT_USER finds something. */
export const API_USER_ID = seedGsid(gsuser.gsidPrefix, 0);

/** The Koa app, top to bottom in the order a request passes through. */
export function createSandboxApp(options: SandboxAppOptions): Koa<SandboxState> {
  if (!options.accessKey) throw new Error('createSandboxApp: accessKey is required');
  const deps: SandboxDeps = {
    store: options.store,
    clock: options.clock ?? (() => new Date()),
    currentUserId: options.currentUserId ?? API_USER_ID,
  };
  const app = new Koa<SandboxState>();
  app.use(requestLog(options.store, options.logger));
  app.use(errorEnvelope(options.logger));
  app.use(accessKeyAuth(options.accessKey));
  if (options.rateLimit) app.use(fixedWindowRateLimit(options.rateLimit));
  app.use(jsonBody);
  const router = new Router<SandboxState>();
  for (const register of routeModules) register(router, deps);
  // No allowedMethods(): a wrong method gets the same enveloped 404 as an unknown path.
  app.use(router.routes());
  return app;
}
