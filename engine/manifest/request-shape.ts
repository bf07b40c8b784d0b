/**
 * Upstream request shapes, "METHOD /path/{param}", as used by `upstream.queryEndpoints` and
 * `policy.notSupported[].upstream`. The runtime reuses this matcher for its allow-list of requests,
 * so it errs on the side of not matching anything odd: dot segments never match.
 *
 * - `{name}` matches exactly one non-empty path segment (a segment may also mix text and
 *   params, e.g. `{id}.json`);
 * - `*` as the method matches any method;
 * - matching is on the path only: a `?query` or `#fragment` on the tested path is ignored.
 */
export type RequestShapeMatcher = (method: string, path: string) => boolean;

export interface ParsedShape {
  /** Upper-case method, or `*`. */
  method: string;
  segments: Segment[];
}

/** A literal segment, or a pattern when the segment holds `{param}`s. */
export type Segment = { literal: string } | { pattern: RegExp; params: string[]; whole: boolean };

const SHAPE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|\*) (\/\S*)$/i;
const PARAM = /\{([^{}/]*)\}/g;

export class RequestShapeError extends Error {}

export function parseRequestShape(shape: string): ParsedShape {
  const match = SHAPE.exec(shape.trim());
  if (!match) throw new RequestShapeError(`"${shape}" is not a request shape; write "METHOD /path", e.g. "POST /v1/data/objects/query/{object}".`);
  return { method: match[1]!.toUpperCase(), segments: parsePathTemplate(match[2]!) };
}

/** Split a path (or path template) into segments; `{x}` parts become patterns. */
export function parsePathTemplate(path: string): Segment[] {
  return stripQuery(path).slice(1).split('/').map(parseSegment);
}

/** Matchers by shape text: a thousand tools send a few dozen distinct requests. */
const compiled = new Map<string, RequestShapeMatcher>();
const COMPILED_MAX = 20_000;

export function compileRequestShape(shape: string): RequestShapeMatcher {
  let matcher = compiled.get(shape);
  if (!matcher) {
    matcher = matcherOf(parseRequestShape(shape));
    // Bounded for a server that reloads changed manifests for months.
    if (compiled.size >= COMPILED_MAX) compiled.clear();
    compiled.set(shape, matcher);
  }
  return matcher;
}

/** A matcher holds no state (its regular expressions are not global), so one serves every tool. */
function matcherOf(parsed: ParsedShape): RequestShapeMatcher {
  return (method, path) => {
    if (parsed.method !== '*' && parsed.method !== method.toUpperCase()) return false;
    const segments = stripQuery(path).split('/');
    if (segments[0] !== '' || segments.length - 1 !== parsed.segments.length) return false;
    for (let i = 1; i < segments.length; i++) {
      const actual = segments[i]!;
      if (isDotSegment(actual)) return false;
      if (!segmentMatches(parsed.segments[i - 1]!, actual)) return false;
    }
    return true;
  };
}

/** How a path template relates to a shape, each template `{param}` standing for any one segment. */
export interface TemplateMatch {
  /** Some value of the template's params gives a path the shape matches. */
  may: boolean;
  /** Every value of the template's params gives a path the shape matches. */
  always: boolean;
}

export function matchTemplate(shape: ParsedShape, method: string, template: string): TemplateMatch {
  const none = { may: false, always: false };
  if (shape.method !== '*' && shape.method !== method.toUpperCase()) return none;
  const segments = parsePathTemplate(template);
  if (segments.length !== shape.segments.length) return none;
  let always = true;
  for (let i = 0; i < segments.length; i++) {
    const relation = relate(segments[i]!, shape.segments[i]!);
    if (!relation.may) return none;
    always &&= relation.always;
  }
  return { may: true, always };
}

function relate(template: Segment, shape: Segment): TemplateMatch {
  if ('literal' in template) {
    if (isDotSegment(template.literal)) return { may: false, always: false };
    const ok = segmentMatches(shape, template.literal);
    return { may: ok, always: ok };
  }
  if ('literal' in shape) return { may: template.pattern.test(shape.literal), always: false };
  // A whole-segment shape param takes any non-empty segment, which every template segment is.
  if (shape.whole) return { may: true, always: true };
  // Two mixed segments (`{a}.json` vs `x-{b}`): deciding overlap exactly is not worth it here;
  // "may" errs towards reporting a possible hit on a refused shape.
  return { may: true, always: false };
}

function segmentMatches(segment: Segment, actual: string): boolean {
  return 'literal' in segment ? segment.literal === actual : segment.pattern.test(actual);
}

function parseSegment(text: string): Segment {
  const params = [...text.matchAll(PARAM)].map((m) => m[1]!);
  if (params.length === 0) return { literal: text };
  const source = text
    .split(PARAM)
    .map((part, i) => (i % 2 === 1 ? '[^/]+' : escapeRegExp(part)))
    .join('');
  return { pattern: new RegExp(`^${source}$`), params, whole: /^\{[^{}/]*\}$/.test(text) };
}

function stripQuery(path: string): string {
  const end = path.search(/[?#]/);
  return end === -1 ? path : path.slice(0, end);
}

/** `.`, `..` and their percent-encoded forms: servers normalise them away, so they never match. */
function isDotSegment(segment: string): boolean {
  return /^(\.|%2e){1,2}$/i.test(segment);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
