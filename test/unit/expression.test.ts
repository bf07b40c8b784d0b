import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { canonicalJson, compileExpression, ExpressionError, idempotencyKeyOf } from '../../engine/compile/expression.js';

// JSONata expressions compiled once; plain dotted paths take a fast path that must give exactly
// what JSONata gives.

describe('the fast path agrees with JSONata', () => {
  const scope = {
    input: {
      title: 'Plan',
      zero: 0,
      no: false,
      empty: '',
      nothing: null,
      tags: ['a', 'b'],
      one: ['only'],
      nested: { deep: { value: 42 }, list: [{ id: 1 }, { id: 2 }] },
      text: 'abc',
    },
    steps: { notes: [{ id: 'n-1', title: 'A' }, { id: 'n-2', title: 'B' }], single: { id: 'n-9' }, none: null },
    body: { data: { items: [{ id: 'x', tags: ['t1', 't2'] }, { id: 'y', tags: ['t3'] }] } },
  };

  it.each([
    'input.title',
    'input.zero',
    'input.no',
    'input.empty',
    'input.nothing',
    'input.missing',
    'input.missing.deeper',
    'input.tags',
    'input.one',
    'input.nested.deep.value',
    'input.nested.deep.missing',
    'input.nested.list',
    // An array on the way: JSONata maps over it; the fast path hands over to JSONata.
    'input.nested.list.id',
    'steps.notes.id',
    'steps.notes.title',
    'steps.single.id',
    'steps.none.id',
    'body.data.items.id',
    'body.data.items.tags',
    // Past a scalar there is nothing.
    'input.title.length',
    'input.zero.x',
    'input.text.x',
    'nowhere',
    'input',
  ])('%s', async (source) => {
    const fast = await compileExpression(source).evaluate(scope);
    const reference = await jsonata(source).evaluate(scope);
    expect(fast).toEqual(reference);
    expect(Array.isArray(fast)).toBe(Array.isArray(reference));
  });

  it('leaves inherited properties alone, as JSONata does', async () => {
    for (const source of ['input.constructor', 'input.toString', 'input.__proto__', 'input.hasOwnProperty']) {
      const fast = await compileExpression(source).evaluate(scope);
      const reference = await jsonata(source).evaluate(scope);
      expect({ source, fast }).toEqual({ source, fast: reference });
      expect(fast).toBeUndefined();
    }
  });
});

describe('expressions beyond plain paths', () => {
  it.each([
    ["{ 'id': body.data.id, 'created': body.data.created }", { body: { data: { id: 'n-1', created: true } } }, { id: 'n-1', created: true }],
    ['[body.data.items.id]', { body: { data: { items: [{ id: 'x' }] } } }, ['x']],
    ['[body.data.items.id]', { body: null }, []],
    ['$count(steps.notes)', { steps: { notes: [1, 2, 3] } }, 3],
    ["input.limit ? input.limit : 20", { input: {} }, 20],
    ['ok = false', { ok: false }, true],
  ])('%s', async (source, scope, expected) => {
    expect(await compileExpression(source).evaluate(scope)).toEqual(expected);
  });

  it('a syntax error is an ExpressionError with its position', () => {
    let caught: unknown;
    try {
      compileExpression('input.title +');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    expect((caught as ExpressionError).code).toMatch(/^S0\d{3}$/);
    expect((caught as ExpressionError).position).toBeGreaterThan(0);
  });
});

describe('refs: what an expression reads', () => {
  it.each<[string, string[], boolean, string[]]>([
    ['input.title', ['title'], false, []],
    ['input.a.b', ['a'], false, []],
    ["{ 'a': input.title, 'b': input.text }", ['title', 'text'], false, []],
    ['$count(input.tags)', ['tags'], false, []],
    ['input.tags[0]', ['tags'], false, []],
    ['input.items[id = input.wanted]', ['items', 'wanted'], false, []],
    ['$idempotencyKey({ "t": input.title })', ['title'], false, []],
    // The whole input: every property counts as used.
    ['input', [], true, []],
    ['$idempotencyKey(input)', [], true, []],
    ['$keys(input)', [], true, []],
    ['input[0]', [], true, []],
    ['input.a ? input.b : input', ['a', 'b'], true, []],
    ['steps.notes.id', [], false, ['notes']],
    ["{ 'n': steps.notes, 'm': steps.mentions, 'p': input.project }", ['project'], false, ['notes', 'mentions']],
    ['body.data.items', [], false, []],
  ])('%s', (source, input, wholeInput, steps) => {
    const refs = compileExpression(source).refs;
    expect({ input: [...refs.input].sort(), wholeInput: refs.wholeInput, steps: [...refs.steps].sort() }).toEqual({ input: [...input].sort(), wholeInput, steps: [...steps].sort() });
  });
});

describe('refs: input read where the context is an item', () => {
  it.each<[string, string[]]>([
    // At the top, in an object constructor, a condition or a lambda: the tool's input.
    ["{ 'c': input.top, 'd': $count(body.records) }", []],
    ['input.a ? body.x : input.b', []],
    ['$map(body.records, function($r) { $r.x & input.q })', []],
    ['input.items[0]', []],
    // `$$` is the root: the tool's input wherever it stands.
    ["body.records.{ 'b': $$.input.y }", []],
    // A map step, a filter stage, a group-by: each item's own field.
    ["body.records.{ 'a': input.x }", ['x']],
    ['records[Name = input.name]', ['name']],
    ['input.items[id = input.wanted]', ['wanted']],
    ['$$.input.items[x = input.w]', ['w']],
    ["input.items.{ 'a': input.z }", ['z']],
    ['body.data{ Name: input.k }', ['k']],
    ['body.records.$idempotencyKey(input)', ['*']],
  ])('%s', (source, inItem) => {
    expect([...compileExpression(source).refs.inputInItem].sort()).toEqual([...inItem].sort());
  });
});

describe('$idempotencyKey', () => {
  it('is 32 hex characters, the same for the same value whatever the key order', async () => {
    const a = idempotencyKeyOf({ title: 'Plan', context: 'Personal', meta: { x: 1, y: [1, 2] } });
    const b = idempotencyKeyOf({ meta: { y: [1, 2], x: 1 }, context: 'Personal', title: 'Plan' });
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).toBe(a);
  });

  it('ignores keys whose value is undefined (absent inputs)', () => {
    expect(idempotencyKeyOf({ title: 'Plan', text: undefined })).toBe(idempotencyKeyOf({ title: 'Plan' }));
  });

  it.each([
    [{ title: 'Plan' }, { title: 'plan' }],
    [{ title: 'Plan' }, { title: 'Plan', text: '' }],
    [{ title: 'Plan', text: null }, { title: 'Plan' }],
    [{ n: 1 }, { n: '1' }],
    [{ tags: ['a', 'b'] }, { tags: ['b', 'a'] }],
    [{ a: { b: 1 } }, { 'a.b': 1 }],
    [{ a: 'x', b: 'y' }, { a: 'xb', '': 'y' }],
  ])('differs for different values: %j vs %j', (x, y) => {
    expect(idempotencyKeyOf(x)).not.toBe(idempotencyKeyOf(y));
  });

  it.each([
    [{ b: 1, a: [{ d: 2, c: 3 }] }, '{"a":[{"c":3,"d":2}],"b":1}'],
    [{ z: undefined, y: null }, '{"y":null}'],
    [['b', 'a'], '["b","a"]'],
    ['text "quoted"', '"text \\"quoted\\""'],
    [undefined, 'null'],
    [{ é: 1, e: 2, E: 3 }, '{"E":3,"e":2,"é":1}'],
  ])('canonical JSON of %j', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('is available in expressions, and stable across key order there too', async () => {
    const key = compileExpression('$idempotencyKey(input)');
    const first = await key.evaluate({ input: { title: 'Plan', context: 'Personal' } });
    const second = await key.evaluate({ input: { context: 'Personal', title: 'Plan' } });
    expect(first).toBe(idempotencyKeyOf({ title: 'Plan', context: 'Personal' }));
    expect(second).toBe(first);
  });
});
