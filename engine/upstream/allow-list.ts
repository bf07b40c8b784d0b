import { ToolgateError } from '../errors.js';
import { compileRequestShape } from '../manifest/request-shape.js';

export interface ShapeMatcher {
  readonly shape: string;
  matches(method: string, path: string): boolean;
}

/** One shape ("METHOD /path/{x}"), matched with the linter's matcher so lint and run time agree. */
export function shapeMatcher(shape: string): ShapeMatcher {
  return { shape, matches: compileRequestShape(shape) };
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
