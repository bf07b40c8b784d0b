import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { ToolgateError } from '../errors.js';

/** An HTTP-level failure on the MCP endpoint, answered as a JSON-RPC error object (as the SDK does). */
export class JsonRpcHttpError extends ToolgateError {
  constructor(
    status: number,
    readonly rpcCode: number,
    message: string,
    headers?: Record<string, string>,
  ) {
    super('jsonrpc_error', message, { status, headers });
  }
}

/**
 * The one error middleware (STYLE.md §5). Exposed errors keep their status and message; anything
 * else becomes a generic 500 naming the request id, with the detail in the log only.
 */
export function errorMiddleware(logger: Logger): Middleware {
  return async function handleErrors(ctx, next) {
    try {
      await next();
    } catch (caught) {
      const error = caught instanceof ToolgateError ? caught : undefined;
      const status = error?.status ?? 500;
      const expose = error?.expose ?? false;
      if (!expose || status >= 500) logger.error({ err: caught, requestId: ctx.state.requestId, path: ctx.path }, 'request failed');
      for (const [name, value] of Object.entries(error?.headers ?? {})) ctx.set(name, value);
      const message = expose && error ? error.message : `Internal error (request ${ctx.state.requestId}).`;
      ctx.status = status;
      ctx.type = 'application/json';
      ctx.body =
        error instanceof JsonRpcHttpError
          ? { jsonrpc: '2.0', error: { code: error.rpcCode, message }, id: null }
          : { error: expose && error ? error.code : 'server_error', error_description: message };
    }
  };
}
