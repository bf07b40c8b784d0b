import type { Dispatcher, Pool } from 'undici';
import { requireCommonJs } from '../require-commonjs.js';
import type { CompiledEnvelope, EnvelopeReading } from './envelope.js';
import { failureForStatus, UpstreamError } from './upstream-error.js';
import type { BaseUrl } from './url.js';

const undici = requireCommonJs('undici');

export interface UpstreamClientOptions {
  base: BaseUrl;
  /** Sent on every request (credentials resolved from env at start-up). */
  headers: Record<string, string>;
  timeoutMs: number;
  connectTimeoutMs: number;
  maxResponseBytes: number;
  connections: number;
  envelope: CompiledEnvelope;
}

export interface UpstreamRequest {
  method: string;
  /** Path and query under the origin, from buildRequestPath. */
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface UpstreamResponse {
  status: number;
  body: unknown;
  /** The envelope said "nothing matched": the tool shapes an empty result. */
  notFound: boolean;
}

/**
 * One keep-alive undici Pool per upstream, built at start-up. Redirects are never followed (a
 * Pool does not follow them), every call has a deadline, and bodies are read up to a cap.
 */
export class UpstreamClient {
  private readonly pool: Pool;
  private readonly fixedHeaders: Record<string, string>;

  constructor(private readonly options: UpstreamClientOptions) {
    this.pool = new undici.Pool(options.base.origin, {
      connections: options.connections,
      connect: { timeout: options.connectTimeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    this.fixedHeaders = { accept: 'application/json', ...options.headers };
  }

  async send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const headers: Record<string, string> = { ...request.headers, ...this.fixedHeaders };
    let body: string | undefined;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] = 'application/json';
    }
    // One deadline for the whole exchange, the body included. A timer cleared when the exchange
    // ends, not AbortSignal.timeout(): that one's timer is cleared only once its signal has been
    // garbage collected, so each call left its timer, signal and registrations alive for the whole
    // timeout, promoted to the old generation: under load, about 60 % of what survived a young
    // collection (a heap sampling profile of tools/call at c=16), and an old space that grew
    // between full collections.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException(`No answer within ${this.options.timeoutMs} ms`, 'TimeoutError')), this.options.timeoutMs);
    let response: Dispatcher.ResponseData;
    let text: string;
    try {
      try {
        response = await this.pool.request({ method: request.method as Dispatcher.HttpMethod, path: request.path, headers, body, signal: deadline.signal });
      } catch (error) {
        throw transportFailure(error, this.options.timeoutMs);
      }
      text = await readCapped(response, this.options.maxResponseBytes, this.options.timeoutMs);
    } finally {
      clearTimeout(timer);
    }
    const status = response.statusCode;
    if (status >= 300 && status < 400) {
      throw new UpstreamError('redirect', `The upstream service answered with a redirect (HTTP ${status}), which the gateway never follows. This is a configuration problem: retrying will not help.`, false, status);
    }
    const parsed = parseJson(text);
    const envelope: EnvelopeReading = parsed.ok ? await this.options.envelope.read(parsed.value) : { isError: false, notFound: false };
    if (envelope.isError && envelope.notFound) return { status, body: parsed.ok ? parsed.value : null, notFound: true };
    if (status >= 400 || envelope.isError) {
      throw failureForStatus(status, envelope, headerValue(response.headers['retry-after']));
    }
    if (!parsed.ok) {
      const type = headerValue(response.headers['content-type']) ?? 'no content type';
      throw new UpstreamError('not-json', `The upstream service answered HTTP ${status} with a body that is not JSON (${type.split(';')[0]}). Retrying is unlikely to help; tell the user the service returned an unexpected answer.`, false, status);
    }
    return { status, body: parsed.value, notFound: false };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.length === 0) return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

async function readCapped(response: Dispatcher.ResponseData, max: number, timeoutMs: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > max) {
        response.body.destroy();
        throw new UpstreamError('too-large', `The upstream answer exceeded ${Math.round(max / 1024)} KiB, the gateway's limit. Retrying the same request will not help; ask for less: fewer records (a smaller limit) or fewer fields.`, false, response.statusCode);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    throw transportFailure(error, timeoutMs);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

function transportFailure(error: unknown, timeoutMs: number): UpstreamError {
  const e = error as { code?: string; name?: string };
  const timedOut =
    e.name === 'TimeoutError' ||
    error instanceof undici.errors.HeadersTimeoutError ||
    error instanceof undici.errors.BodyTimeoutError ||
    error instanceof undici.errors.ConnectTimeoutError;
  if (timedOut) {
    return new UpstreamError('timeout', `The upstream service did not answer within ${timeoutMs / 1000} s. A retry may help; if it times out again, ask for less data (a smaller limit or a narrower filter).`, true, undefined, undefined, error);
  }
  const code = e.code ?? (error as { cause?: { code?: string } }).cause?.code ?? 'network error';
  return new UpstreamError('connection', `The gateway could not reach the upstream service (${code}). A retry in a little while may help; if it keeps failing, tell the user the service is unreachable.`, true, undefined, undefined, error);
}
