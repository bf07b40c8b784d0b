import type { Request } from '../../generated/manifest.js';
import { NOT_SYNC } from '../compile/expression.js';
import { compileTemplate, OMIT, type CompiledTemplate } from '../compile/template.js';
import { ConfigurationError } from '../errors.js';
import { expandPath, parsePathTemplate, type PathTemplate } from '../upstream/url.js';

/** A request ready for the upstream gate: method, expanded path, query, headers and body. */
export interface PreparedRequest {
  method: string;
  /** Path under the base path, already escaped. */
  path: string;
  /** The template it came from, for the allow-list check. */
  shape: string;
  query?: Record<string, unknown>;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface CompiledRequest {
  readonly method: string;
  readonly pathTemplate: string;
  build(scope: Record<string, unknown>): Promise<PreparedRequest>;
}

/** Compile a manifest request once: path template, query, headers and body templates. */
export function compileRequest(request: Request, where: string): CompiledRequest {
  const path: PathTemplate = parsePathTemplate(request.path);
  const part = (value: unknown, name: string): CompiledTemplate | undefined => {
    if (value === undefined) return undefined;
    const { template, problems } = compileTemplate(value);
    if (problems.length > 0) throw new ConfigurationError(`${where} request.${name}: ${problems.map((p) => p.message).join('; ')}`);
    return template;
  };
  const query = part(request.query, 'query');
  const headers = part(request.headers, 'headers');
  const body = part(request.body, 'body');
  return {
    method: request.method,
    pathTemplate: request.path,
    async build(scope) {
      const input = (scope.input ?? {}) as Record<string, unknown>;
      // Synchronously where every template can (compile/sync-eval), else through the promises.
      const now = [query?.evaluateSync(scope), headers?.evaluateSync(scope), body?.evaluateSync(scope)];
      const [q, h, b] = now.includes(NOT_SYNC) ? await Promise.all([query?.evaluate(scope), headers?.evaluate(scope), body?.evaluate(scope)]) : now;
      return {
        method: request.method,
        path: expandPath(path, input),
        shape: request.path,
        query: q === undefined || q === OMIT ? undefined : (q as Record<string, unknown>),
        headers: h === undefined || h === OMIT ? undefined : (h as Record<string, string>),
        body: b === OMIT ? undefined : b,
      };
    },
  };
}
