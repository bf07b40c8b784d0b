import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionError, forgetParsedExpressions, heldParseTrees, parsesAsExpression } from '../../engine/compile/expression.js';
import { checkManifests } from '../../engine/manifest/check.js';

// compileExpression parses each text once per process (the linter and the compile share it); each
// caller still gets its own refs, and every compile of a bad text still throws.

describe('compileExpression parse cache', () => {
  it('gives each compile refs of its own', () => {
    const a = compileExpression('input.a & input.b');
    const b = compileExpression(' input.a & input.b ');
    a.refs.input.add('changed');
    expect([...b.refs.input].sort()).toEqual(['a', 'b']);
  });

  it('evaluates shared parses independently, concurrently', async () => {
    const e = compileExpression("$sum(items.(price * qty)) & ':' & input.tag");
    const scopes = Array.from({ length: 20 }, (_, i) => ({ items: [{ price: i, qty: 2 }], input: { tag: `t${i}` } }));
    const out = await Promise.all(scopes.map((s) => compileExpression("$sum(items.(price * qty)) & ':' & input.tag").evaluate(s)));
    expect(out).toEqual(scopes.map((_, i) => `${2 * i}:t${i}`));
    expect(await e.evaluate({ items: [{ price: 3, qty: 1 }], input: { tag: 'x' } })).toBe('3:x');
  });

  it('throws for a bad text every time', () => {
    expect(() => compileExpression('input.(')).toThrow(ExpressionError);
    expect(() => compileExpression('input.(')).toThrow(ExpressionError);
  });

  it('keeps $idempotencyKey on a shared parse', async () => {
    const key = await compileExpression('$idempotencyKey(input)').evaluate({ input: { a: 1 } });
    expect(await compileExpression('$idempotencyKey(input)').evaluate({ input: { a: 1 } })).toBe(key);
  });

  it('evaluates as before once the parsed expressions are forgotten (the server forgets them after start-up)', async () => {
    const text = "{ 'total': $sum(items.(price * qty)), 'key': $idempotencyKey(input) }";
    const scope = { items: [{ price: 2, qty: 3 }], input: { a: 1 } };
    const before = compileExpression(text);
    const expected = await before.evaluate(scope);
    const notYetUsed = compileExpression(text);
    forgetParsedExpressions();
    expect(await notYetUsed.evaluate(scope)).toEqual(expected);
    expect(await before.evaluate(scope)).toEqual(expected);
    expect(expected).toMatchObject({ total: 6 });
  });

  it('keeps no parse tree for a text read only for its refs: the linter holds none after checking a pack', async () => {
    forgetParsedExpressions();
    const text = "$count(input.items[price > 2]) & input.tag";
    expect([...compileExpression(text).refs.input].sort()).toEqual(['items', 'tag']);
    expect(parsesAsExpression('input.a & "}}"')).toBe(true);
    expect(parsesAsExpression('input.(')).toBe(false);
    const { diagnostics, packs } = await checkManifests(['manifests/gainsight-cs']);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(packs[0]!.tools.length).toBeGreaterThan(10);
    expect(heldParseTrees()).toBe(0);
    // Evaluating parses for evaluation, once, and keeps that tree.
    expect(await compileExpression(text).evaluate({ input: { items: [{ price: 3 }, { price: 1 }], tag: '!' } })).toBe('1!');
    expect(heldParseTrees()).toBe(1);
  });
});
