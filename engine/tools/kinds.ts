import { compositeKind } from './composite.js';
import { httpKind } from './http.js';
import type { ToolKind } from './kind.js';

/** Every tool kind, by the manifest's `type`. Adding a kind is one file and one line here. */
export const toolKinds = {
  http: httpKind,
  composite: compositeKind,
} satisfies Record<string, ToolKind>;

export type ToolKindName = keyof typeof toolKinds;
