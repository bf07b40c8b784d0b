import { matchTemplate, parseRequestShape, type ParsedShape } from '../request-shape.js';
import { upstreamPaths } from './context.js';
import type { PackContext } from './rule.js';

const parsed = new Map<string, ParsedShape | undefined>();

/** Shapes are parsed once per text; one that does not parse matches nothing (the schema reports it). */
function shapeOf(text: string): ParsedShape | undefined {
  if (!parsed.has(text)) {
    try {
      parsed.set(text, parseRequestShape(text));
    } catch {
      parsed.set(text, undefined);
    }
  }
  return parsed.get(text);
}

/** The request may hit the shape for some value of its path params. */
export function mayHit(pack: PackContext, shape: string, method: string, path: string): boolean {
  const s = shapeOf(shape);
  return !!s && upstreamPaths(pack, path).some((p) => matchTemplate(s, method, p).may);
}

/** Every request the tool can make falls within the shape. */
export function alwaysWithin(pack: PackContext, shape: string, method: string, path: string): boolean {
  const s = shapeOf(shape);
  return !!s && upstreamPaths(pack, path).some((p) => matchTemplate(s, method, p).always);
}
