import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';

declare module 'koa' {
  interface DefaultState {
    requestId: string;
  }
}

const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** A request id for every exchange: the caller's X-Request-Id when it is sane, else a new UUID. */
export function requestId(): Middleware {
  return async function requestIdMiddleware(ctx, next) {
    const incoming = ctx.get('x-request-id');
    ctx.state.requestId = SAFE_ID.test(incoming) ? incoming : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    await next();
  };
}
