import { ToolgateError } from '../errors.js';

export interface ShapeMatcher {
  readonly shape: string;
  matches(method: string, path: string): boolean;
}

/**
 * `METHOD /path/{x}` → a matcher where `{x}` is one non-empty segment and `*` any method. Paths
 * are compared after escaping, so an encoded "/" inside a value stays inside its segment.
 */
export function compileShape(method: string, template: string): ShapeMatcher {
  const source = template
    .split(/(\{[A-Za-z_][A-Za-z0-9_]*\})/)
    .map((part) => (/^\{.*\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${source}$`);
  const anyMethod = method === '*';
  return { shape: `${method} ${template}`, matches: (m, p) => (anyMethod || m === method) && regex.test(p) };
}

export function parseShape(shape: string): ShapeMatcher {
  const space = shape.indexOf(' ');
  return compileShape(shape.slice(0, space), shape.slice(space + 1));
}

export class UpstreamRefusedError extends ToolgateError {
  constructor(message: string) {
    super('upstream_refused', message, { status: 403 });
  }
}

/**
 * The last policy check, applied to every request a tool sends: it must match one of the tool's
 * compiled request shapes and none of the service's not-supported shapes. Nothing else is ever
 * sent upstream, whatever a template or an argument produced.
 */
export class AllowList {
  constructor(
    private readonly allowed: readonly ShapeMatcher[],
    private readonly denied: ReadonlyArray<{ matcher: ShapeMatcher; reason: string }>,
  ) {}

  assert(method: string, path: string): void {
    const denied = this.denied.find((d) => d.matcher.matches(method, path));
    if (denied) throw new UpstreamRefusedError(`Not supported: ${denied.reason}`);
    if (!this.allowed.some((a) => a.matches(method, path))) {
      throw new UpstreamRefusedError(`The gateway refused to send ${method} ${path}: it is not among this tool's permitted upstream requests.`);
    }
  }
}
