import type { Context } from 'koa';
import type { SandboxError } from './errors.js';

/** Gainsight's response envelope, used by every endpoint, success or failure. */
export interface Envelope {
  result: boolean;
  errorCode: string | null;
  errorDesc: string | null;
  requestId: string;
  data: unknown;
  message: string | null;
}

export function requestIdOf(ctx: Context): string {
  return (ctx.state as { requestId?: string }).requestId ?? '';
}

export function sendOk(ctx: Context, data: unknown, message: string | null = null, status = 200): void {
  const body: Envelope = { result: true, errorCode: null, errorDesc: null, requestId: requestIdOf(ctx), data, message };
  ctx.status = status;
  ctx.body = body;
}

export function sendError(ctx: Context, error: SandboxError): void {
  const body: Envelope = {
    result: false,
    errorCode: error.code,
    errorDesc: error.message,
    requestId: requestIdOf(ctx),
    data: error.data,
    message: null,
  };
  ctx.status = error.status;
  ctx.body = body;
}
