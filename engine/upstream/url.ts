/**
 * URL building is security code (STYLE.md §4): a value from the model must never change the
 * scheme, host or base path of an upstream request. Every path value is encoded as exactly one
 * segment, dot segments are refused, and the result is checked to still sit under the base.
 */
export class UnsafePathError extends Error {
  constructor(readonly param: string, reason: string) {
    super(`The value of \`${param}\` ${reason}.`);
  }
}

export interface PathTemplate {
  /** `/notes/{id}` → literal parts and parameter names, alternating. */
  readonly parts: ReadonlyArray<{ literal: string } | { param: string }>;
  readonly params: readonly string[];
}

const PARAM = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function parsePathTemplate(template: string): PathTemplate {
  const parts: Array<{ literal: string } | { param: string }> = [];
  const params: string[] = [];
  let last = 0;
  for (const match of template.matchAll(PARAM)) {
    if (match.index > last) parts.push({ literal: template.slice(last, match.index) });
    parts.push({ param: match[1]! });
    params.push(match[1]!);
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ literal: template.slice(last) });
  return { parts, params };
}

/** RFC 3986 §3.3: a segment may not contain "/"; "." and ".." are dot segments (§5.2.4). */
export function encodeSegment(param: string, value: unknown): string {
  if (value === undefined || value === null) throw new UnsafePathError(param, 'is required in the path');
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new UnsafePathError(param, 'must be a string or number');
  }
  const text = String(value);
  if (text.length === 0) throw new UnsafePathError(param, 'must not be empty');
  if (text === '.' || text === '..') throw new UnsafePathError(param, 'must not be a dot segment');
  // encodeURIComponent leaves only unreserved characters and ! ' ( ) * unescaped: none of them
  // can end a segment or start a query, fragment, scheme or authority.
  return encodeURIComponent(text);
}

export function expandPath(template: PathTemplate, values: Record<string, unknown>): string {
  let out = '';
  for (const part of template.parts) out += 'literal' in part ? part.literal : encodeSegment(part.param, values[part.param]);
  return out;
}

export interface BaseUrl {
  origin: string;
  /** Base path without a trailing slash ("" for the root). */
  basePath: string;
}

export function parseBaseUrl(raw: string): BaseUrl {
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`upstream base URL must be http(s): ${raw}`);
  if (url.username || url.password) throw new Error('upstream base URL must not carry credentials; use headers from ${ENV}');
  if (url.search || url.hash) throw new Error('upstream base URL must not have a query or fragment');
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}

/**
 * The request path relative to the origin: base path + expanded tool path + encoded query.
 * Query values are encoded by URLSearchParams; arrays repeat the key.
 */
export function buildRequestPath(base: BaseUrl, path: string, query?: Record<string, unknown>): string {
  const full = base.basePath + path;
  // Defence in depth: encodeSegment already makes these impossible from values. Servers decode
  // %2e before removing dot segments (WHATWG URL path state), so the encoded forms count too.
  if (!full.startsWith(base.basePath + '/') || /(^|\/)(\.|%2e){1,2}(\/|$)/i.test(full) || full.includes('//')) {
    throw new UnsafePathError('path', 'would leave the upstream base path');
  }
  if (!query) return full;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) search.append(key, scalar(v));
    else search.append(key, scalar(value));
  }
  const text = search.toString();
  return text ? `${full}?${text}` : full;
}

function scalar(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
