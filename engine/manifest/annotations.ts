import type { Annotations, ToolManifest } from '../../generated/manifest.js';

/** The four MCP tool annotation hints (MCP 2025-06-18, `ToolAnnotations`), all decided. */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface AnnotationContradiction {
  hint: keyof Annotations;
  message: string;
}

type AnnotatedTool = Pick<ToolManifest, 'effect' | 'writes' | 'annotations'>;

/**
 * The annotations the runtime publishes. They follow from `effect` and `writes`; an explicit
 * annotation overrides the derived value only where it does not contradict it (see
 * annotationContradictions), because clients use these hints to decide whether to ask the user
 * before a call: a write must never look read-only, a delete never harmless.
 */
export function deriveAnnotations(tool: AnnotatedTool): ToolAnnotations {
  const explicit = tool.annotations ?? {};
  const derived = derivedDefaults(tool);
  const contradicted = new Set(annotationContradictions(tool).map((c) => c.hint));
  const pick = (hint: keyof ToolAnnotations): boolean => {
    const value = explicit[hint];
    return value === undefined || contradicted.has(hint) ? derived[hint] : value;
  };
  return {
    readOnlyHint: pick('readOnlyHint'),
    destructiveHint: pick('destructiveHint'),
    idempotentHint: pick('idempotentHint'),
    openWorldHint: pick('openWorldHint'),
  };
}

/** Explicit annotations that say the tool is safer than its effect and writes make it. */
export function annotationContradictions(tool: AnnotatedTool): AnnotationContradiction[] {
  const explicit = tool.annotations ?? {};
  const problems: AnnotationContradiction[] = [];
  if (tool.effect === 'read') {
    if (explicit.readOnlyHint === false)
      problems.push({ hint: 'readOnlyHint', message: 'a read tool is read-only; remove `readOnlyHint: false` or change `effect` to write.' });
    if (explicit.destructiveHint === true)
      problems.push({ hint: 'destructiveHint', message: 'a read tool cannot be destructive; remove `destructiveHint: true` or change `effect` to write.' });
    return problems;
  }
  if (explicit.readOnlyHint === true)
    problems.push({ hint: 'readOnlyHint', message: 'a write tool is not read-only; remove `readOnlyHint: true`.' });
  const deletes = (tool.writes ?? []).some((w) => w.action === 'delete');
  if (deletes && explicit.destructiveHint === false)
    problems.push({ hint: 'destructiveHint', message: 'a tool that deletes is destructive; remove `destructiveHint: false`.' });
  return problems;
}

function derivedDefaults(tool: AnnotatedTool): ToolAnnotations {
  if (tool.effect === 'read') return { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  const destructive = (tool.writes ?? []).some((w) => w.action === 'update' || w.action === 'delete');
  // MCP: idempotentHint defaults to false for writes; only the author knows that a retry is safe.
  return { readOnlyHint: false, destructiveHint: destructive, idempotentHint: false, openWorldHint: false };
}
