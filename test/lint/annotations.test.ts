import { describe, expect, it } from 'vitest';
import type { ToolManifest } from '../../generated/manifest.js';
import { annotationContradictions, deriveAnnotations } from '../../engine/manifest/annotations.js';

type Tool = Pick<ToolManifest, 'effect' | 'writes' | 'annotations'>;
const create = { object: 'note', action: 'create' } as const;
const update = { object: 'note', action: 'update' } as const;
const remove = { object: 'note', action: 'delete' } as const;

describe('deriveAnnotations', () => {
  const cases: Array<[string, Tool, ReturnType<typeof deriveAnnotations>]> = [
    ['read', { effect: 'read' }, { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }],
    ['create', { effect: 'write', writes: [create] }, { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false }],
    ['update', { effect: 'write', writes: [create, update] }, { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }],
    ['delete', { effect: 'write', writes: [remove] }, { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }],
    ['idempotent create, as declared', { effect: 'write', writes: [create], annotations: { idempotentHint: true } }, { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false }],
    ['update declared not destructive', { effect: 'write', writes: [update], annotations: { destructiveHint: false } }, { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false }],
    ['create declared destructive (more cautious)', { effect: 'write', writes: [create], annotations: { destructiveHint: true } }, { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }],
    ['read in an open world', { effect: 'read', annotations: { openWorldHint: true, idempotentHint: false } }, { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true }],
    // Contradictions never reach clients: the derived value wins.
    ['read claiming to write', { effect: 'read', annotations: { readOnlyHint: false, destructiveHint: true } }, { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }],
    ['write claiming read-only', { effect: 'write', writes: [create], annotations: { readOnlyHint: true } }, { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false }],
    ['delete claiming harmless', { effect: 'write', writes: [remove], annotations: { destructiveHint: false } }, { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }],
  ];
  it.each(cases)('%s', (_name, tool, expected) => {
    expect(deriveAnnotations(tool)).toEqual(expected);
  });
});

describe('annotationContradictions', () => {
  it.each([
    [{ effect: 'read', annotations: { readOnlyHint: false } }, ['readOnlyHint']],
    [{ effect: 'read', annotations: { destructiveHint: true } }, ['destructiveHint']],
    [{ effect: 'read', annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false } }, []],
    [{ effect: 'write', writes: [create], annotations: { readOnlyHint: true } }, ['readOnlyHint']],
    [{ effect: 'write', writes: [remove], annotations: { destructiveHint: false } }, ['destructiveHint']],
    [{ effect: 'write', writes: [update], annotations: { destructiveHint: false } }, []],
  ] as Array<[Tool, string[]]>)('%j → %j', (tool, hints) => {
    expect(annotationContradictions(tool).map((c) => c.hint)).toEqual(hints);
  });
});
