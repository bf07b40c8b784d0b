import { matchTemplate, parseRequestShape, type ParsedShape } from '../request-shape.js';

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

// Policy shapes, like tool paths, are relative to the base URL's path (as the runtime's allow-list
// compares them).

/** The request may hit the shape for some value of its path params. */
export function mayHit(shape: string, method: string, path: string): boolean {
  const s = shapeOf(shape);
  return !!s && matchTemplate(s, method, path).may;
}

/** Every request the tool can make falls within the shape. */
export function alwaysWithin(shape: string, method: string, path: string): boolean {
  const s = shapeOf(shape);
  return !!s && matchTemplate(s, method, path).always;
}
