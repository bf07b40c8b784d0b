import { describe, expect, it } from 'vitest';
import { compileExpression, compileLinted, ExpressionError, forgetParsedExpressions } from '../../engine/compile/expression.js';
import { compileTemplate } from '../../engine/compile/template.js';
import { loadPacks } from '../../engine/manifest/packs.js';
import { buildRegistry } from '../../engine/runtime/registry.js';
import { NOTES_PACK } from '../support/stack.js';

// `toolgate serve` compiles manifests its linter has just passed without parsing any expression
// (compileLinted): each is parsed on first use, refs when first read. Everything else must be
// exactly what the ordinary compile gives.

const EXPRESSIONS = ['input.companyId', "$sum(items.(price * qty)) & ':' & input.tag", '$$.input.a & steps.first.id', '$idempotencyKey(input)', 'input'];

describe('compileLinted', () => {
  it('parses nothing: a bad text compiles, and fails when first evaluated', async () => {
    expect(() => compileExpression('input.(')).toThrow(ExpressionError);
    const bad = compileLinted(() => compileExpression('input.('));
    await expect(bad.evaluate({ input: {} })).rejects.toThrow(ExpressionError);
    const { problems } = compileLinted(() => compileTemplate({ q: '{{ input.( }}' }));
    expect(problems).toEqual([]);
  });

  it.each(EXPRESSIONS)('gives the same refs and values as the ordinary compile: %s', async (text) => {
    const scope = { input: { companyId: 'c-1', tag: 't', a: 'x' }, items: [{ price: 2, qty: 3 }], steps: { first: { id: 's' } } };
    const eager = compileExpression(text);
    forgetParsedExpressions();
    const lazy = compileLinted(() => compileExpression(text));
    expect(await lazy.evaluate(scope)).toEqual(await eager.evaluate(scope));
    expect(lazy.refs).toEqual(eager.refs);
  });

  it('gives templates the same refs and values', async () => {
    const value = { q: '{{ input.a }}', text: 'id {{ steps.first.id }} of {{ input.b }}', whole: "{{ { 'x': input.c } }}", keep: 'plain' };
    const scope = { input: { a: 1, b: 'B', c: [2] }, steps: { first: { id: 's' } } };
    const eager = compileTemplate(value);
    const lazy = compileLinted(() => compileTemplate(value));
    expect(lazy.problems).toEqual(eager.problems);
    expect(await lazy.template.evaluate(scope)).toEqual(await eager.template.evaluate(scope));
    expect(lazy.template.refs).toEqual(eager.template.refs);
  });

  it('ends with the compile, even one that throws', () => {
    expect(() => compileLinted(() => {
      throw new Error('compile failed');
    })).toThrow('compile failed');
    expect(() => compileExpression('input.(')).toThrow(ExpressionError);
  });

  it('builds a registry that serves the same tools (buildRegistry with linted: true)', async () => {
    const { packs } = await loadPacks([NOTES_PACK]);
    const overrides = { notes: { baseUrl: 'http://127.0.0.1:9/api' } };
    const eager = buildRegistry(packs, overrides);
    const lazy = buildRegistry(packs, overrides, { linted: true });
    try {
      const [a, b] = [eager.services[0]!, lazy.services[0]!];
      expect(b.list).toEqual(a.list);
      expect(b.instructions).toBe(a.instructions);
      expect([...b.tools.keys()]).toEqual([...a.tools.keys()]);
      for (const [name, tool] of a.tools) {
        const other = b.tools.get(name)!;
        expect(other.policy, name).toEqual(tool.policy);
        expect(other.select?.source, name).toBe(tool.select?.source);
        expect(other.select?.refs, name).toEqual(tool.select?.refs);
      }
    } finally {
      await Promise.all([eager.close(), lazy.close()]);
    }
  });
});
