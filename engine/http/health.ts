import type Router from '@koa/router';

/** Liveness answers while the process runs; readiness only while it accepts MCP traffic. */
export function mountHealth(router: Router, isReady: () => boolean): void {
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', (ctx) => {
    const ready = isReady();
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'not ready' };
  });
}
