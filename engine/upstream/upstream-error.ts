import { ToolgateError } from '../errors.js';

export type UpstreamFailureKind = 'timeout' | 'connection' | 'rejected' | 'auth' | 'not-found' | 'rate-limited' | 'server' | 'not-json' | 'too-large' | 'redirect';

/**
 * An upstream call that did not give a usable answer. Its message is written for the model: what
 * happened, whether a retry could help and what to do instead. The upstream body itself is never
 * passed through; at most a shortened, single-line error description from a recognised envelope.
 */
export class UpstreamError extends ToolgateError {
  constructor(
    readonly kind: UpstreamFailureKind,
    message: string,
    readonly retryable: boolean,
    readonly upstreamStatus?: number,
    readonly upstreamCode?: string,
    cause?: unknown,
  ) {
    super(`upstream_${kind.replace('-', '_')}`, message, { status: 502, expose: true, cause });
  }
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/**
 * Shorten an upstream-provided description to one plain line the model may see. Email addresses
 * the upstream echoes (whose lock, whose record) are personal data the model does not need.
 */
export function sanitizeDescription(text: unknown, max = 200): string | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const line = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(EMAIL, '[email]')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export interface EnvelopeFacts {
  code?: string;
  description?: string;
  hint?: string;
}

export function failureForStatus(status: number, facts: EnvelopeFacts, retryAfter?: string): UpstreamError {
  const said = facts.code || facts.description ? ` (${[facts.code, facts.description].filter(Boolean).join(': ')})` : '';
  // A server failure's or a credential refusal's text describes the upstream's internals or the
  // gateway's credentials, never the model's arguments: only the code is passed on.
  const codeOnly = facts.code ? ` (${facts.code})` : '';
  const hint = facts.hint ? ` ${facts.hint}` : '';
  if (status === 401 || status === 403) {
    return new UpstreamError('auth', `The upstream service refused the gateway's credentials (HTTP ${status})${codeOnly}. This is a configuration problem on the gateway: retrying will not help; tell the user to contact the administrator.`, false, status, facts.code);
  }
  if (status === 429) {
    const wait = retryAfter && /^\d+$/.test(retryAfter) ? ` after ${retryAfter} s` : ' in a minute';
    return new UpstreamError('rate-limited', `The upstream service is rate limiting requests (HTTP 429)${said}. Retry${wait}; make fewer, larger requests where possible.`, true, status, facts.code);
  }
  if (status >= 500) {
    return new UpstreamError('server', `The upstream service failed (HTTP ${status})${codeOnly}. A retry may help; if it fails again, tell the user the service is having problems.`, true, status, facts.code);
  }
  if (status === 404 && !facts.code) {
    return new UpstreamError('not-found', `The upstream service has no such record (HTTP 404). Check the id (look it up again with a list or search tool); retrying the same request will not help.${hint}`, false, status);
  }
  // An error envelope can come with HTTP 200 (Gainsight's result:false): say so, not a made-up status.
  const how = status >= 400 ? ` (HTTP ${status})` : '';
  return new UpstreamError('rejected', `The upstream service rejected the request${how}${said}.${hint} Retrying the same request will not help; correct the arguments first.`, false, status, facts.code);
}
