import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Next } from 'koa';
import type { Store } from '../../engine/store/index.js';
import { table } from '../objects/index.js';
import { sendError } from './envelope.js';
import { codes, SandboxError } from './errors.js';
import type { SandboxContext, SandboxLogger } from './state.js';

/**
 * Outermost: gives the request an id and records it in the durable request log once the response
 * is known, so even refused (401/429) requests are counted. Headers and bodies are never stored.
 */
export function requestLog(store: Store, logger: SandboxLogger | undefined) {
  return async function logRequest(ctx: SandboxContext, next: Next): Promise<void> {
    const started = performance.now();
    ctx.state.requestId = randomUUID();
    try {
      await next();
    } finally {
      const body = ctx.body as { errorCode?: unknown } | undefined;
      const errorCode = typeof body?.errorCode === 'string' ? body.errorCode : null;
      // A lost log row must not turn an answered request into a failure (e.g. during shutdown).
      await store
        .query(
          `INSERT INTO ${table('request_log')} (method, path, query, status, duration_ms, error_code) VALUES ($1, $2, $3, $4, $5, $6)`,
          [ctx.method, ctx.path, ctx.querystring, ctx.status, Math.round(performance.now() - started), errorCode],
        )
        .catch((error: unknown) => logger?.error({ err: error, requestId: ctx.state.requestId }, 'request log write failed'));
    }
  };
}

/** The one place that turns errors into Gainsight envelopes. Unknown errors never leak detail. */
export function errorEnvelope(logger: SandboxLogger | undefined) {
  return async function handleErrors(ctx: SandboxContext, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new SandboxError(codes.notFound, `No endpoint ${ctx.method} ${ctx.path}`, 404);
      }
    } catch (error) {
      if (error instanceof SandboxError) return sendError(ctx, error);
      // errorDesc may carry record values, so the log gets the error, not the request body.
      logger?.error({ err: error, requestId: ctx.state.requestId, path: ctx.path }, 'sandbox request failed');
      sendError(ctx, new SandboxError(codes.internal, `Internal error; request id ${ctx.state.requestId}`, 500));
    }
  };
}

/** Gainsight's legacy `accesskey` header; compared in constant time. */
export function accessKeyAuth(accessKey: string) {
  const expected = Buffer.from(accessKey);
  return async function checkAccessKey(ctx: SandboxContext, next: Next): Promise<void> {
    const given = Buffer.from(ctx.get('accesskey'));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new SandboxError(codes.unauthorized, 'Unauthorized: missing or invalid accesskey', 401);
    }
    await next();
  };
}

export interface RateLimitOptions {
  limit: number;
  windowMs: number;
}

/** Fixed window, as Gainsight's "100 calls per minute": the count resets at each window start. */
export function fixedWindowRateLimit({ limit, windowMs }: RateLimitOptions, now: () => number = Date.now) {
  if (!(limit > 0) || !(windowMs > 0)) throw new Error('rateLimit needs a positive limit and windowMs');
  let windowStart = Number.NEGATIVE_INFINITY;
  let count = 0;
  return async function rateLimit(ctx: SandboxContext, next: Next): Promise<void> {
    const t = now();
    if (t >= windowStart + windowMs) {
      windowStart = t;
      count = 0;
    }
    count += 1;
    if (count > limit) {
      ctx.set('Retry-After', String(Math.max(1, Math.ceil((windowStart + windowMs - t) / 1000))));
      throw new SandboxError(codes.rateLimited, `Rate limit of ${limit} calls per ${windowMs} ms exceeded`, 429);
    }
    await next();
  };
}

const MAX_BODY = 4 * 1024 * 1024;

/** JSON bodies for POST/PUT (no body-parser dependency for one content type). */
export async function jsonBody(ctx: SandboxContext, next: Next): Promise<void> {
  if (ctx.method === 'POST' || ctx.method === 'PUT' || ctx.method === 'PATCH') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) throw new SandboxError(codes.malformed, 'Request body too large', 413);
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() !== '') {
      try {
        ctx.state.body = JSON.parse(text);
      } catch {
        throw new SandboxError(codes.malformed, 'Request body is not valid JSON');
      }
    }
  }
  await next();
}
