import type { ErrorEnvelope } from '../../generated/manifest.js';
import { compileExpression, type CompiledExpression } from '../compile/expression.js';
import { sanitizeDescription, type EnvelopeFacts } from './upstream-error.js';

export interface EnvelopeReading extends EnvelopeFacts {
  isError: boolean;
  notFound: boolean;
}

/** The service's error envelope (e.g. Gainsight's `result: false` with `errorCode`), compiled at load. */
export interface CompiledEnvelope {
  read(body: unknown): Promise<EnvelopeReading>;
}

export function compileEnvelope(spec: ErrorEnvelope | undefined): CompiledEnvelope {
  if (!spec) return { read: async () => ({ isError: false, notFound: false }) };
  const when = compileExpression(spec.when);
  const code = spec.code ? compileExpression(spec.code) : undefined;
  const message = spec.message ? compileExpression(spec.message) : undefined;
  const notFound = spec.notFound ? compileExpression(spec.notFound) : undefined;
  const hints = spec.hints ?? {};
  const text = async (e: CompiledExpression | undefined, body: Record<string, unknown>) => {
    const v = e ? await e.evaluate(body) : undefined;
    return v === undefined || v === null ? undefined : String(v);
  };
  return {
    async read(body) {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) return { isError: false, notFound: false };
      const record = body as Record<string, unknown>;
      if ((await when.evaluate(record)) !== true) return { isError: false, notFound: false };
      const errorCode = sanitizeDescription(await text(code, record), 64);
      return {
        isError: true,
        notFound: notFound ? (await notFound.evaluate(record)) === true : false,
        code: errorCode,
        description: sanitizeDescription(await text(message, record)),
        hint: errorCode ? hints[errorCode] : undefined,
      };
    },
  };
}
