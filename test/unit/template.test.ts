import { describe, expect, it } from 'vitest';
import { NOT_SYNC } from '../../engine/compile/expression.js';
import { compileTemplate, OMIT } from '../../engine/compile/template.js';

// Request templates: `{{ expr }}` as the whole string takes the value (any JSON type); inside a
// longer string it is interpolated; an absent input leaves its key or item out entirely.

async function render(template: unknown, input: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<unknown> {
  const { template: compiled, problems } = compileTemplate(template);
  expect(problems).toEqual([]);
  const value = await compiled.evaluate({ input, ...extra });
  // The synchronous entry point gives the same value wherever it gives one.
  const now = compiled.evaluateSync({ input, ...extra });
  if (now !== NOT_SYNC) expect(now).toEqual(value);
  return value;
}

describe('whole-value templates keep the JSON type', () => {
  it.each([
    ['a string', 'Plan', 'Plan'],
    ['a number', 5, 5],
    ['zero', 0, 0],
    ['false', false, false],
    ['an empty string', '', ''],
    ['null (said by the caller)', null, null],
    ['an array', ['a', 'b'], ['a', 'b']],
    ['a one-item array', ['a'], ['a']],
    ['an object', { a: 1, b: [true] }, { a: 1, b: [true] }],
  ])('%s', async (_, value, expected) => {
    expect(await render('{{ input.v }}', { v: value })).toEqual(expected);
    expect(await render({ body: '{{input.v}}' }, { v: value })).toEqual({ body: expected });
  });

  it('surrounding whitespace is allowed', async () => {
    expect(await render('  {{ input.v }}  ', { v: 3 })).toBe(3);
  });

  it('takes any JSONata expression, object constructors with "}}" included', async () => {
    expect(await render("{{ { 'title': input.title, 'meta': { 'by': input.who } } }}", { title: 'T', who: 'me' })).toEqual({ title: 'T', meta: { by: 'me' } });
    expect(await render('{{ $uppercase(input.code) }}', { code: 'ab' })).toBe('AB');
    expect(await render('{{ input.limit * 2 }}', { limit: 4 })).toBe(8);
    expect(await render('{{ steps.first.id }}', {}, { steps: { first: { id: 'n-9' } } })).toBe('n-9');
  });
});

describe('interpolated templates make text', () => {
  it.each([
    ['Bearer {{ input.token }}', { token: 'abc' }, 'Bearer abc'],
    ['{{ input.a }}-{{ input.b }}', { a: 'x', b: 'y' }, 'x-y'],
    ['{{ input.a }}{{ input.b }}', { a: 'x', b: 'y' }, 'xy'],
    ['limit={{ input.n }}', { n: 5 }, 'limit=5'],
    ['flag={{ input.f }}', { f: false }, 'flag=false'],
    ['tags={{ input.t }}', { t: ['a', 'b'] }, 'tags=["a","b"]'],
    ['obj={{ input.o }}', { o: { a: 1 } }, 'obj={"a":1}'],
    ['no expression at all', {}, 'no expression at all'],
    ['single { braces } stay', {}, 'single { braces } stay'],
  ])('%j', async (template, input, expected) => {
    expect(await render(template, input)).toBe(expected);
  });

  it('an absent input leaves the whole string out, not half of it', async () => {
    const headers = await render({ authorization: 'Bearer {{ input.token }}', x: 1 }, {});
    expect(Object.keys(headers as object)).toEqual(['x']);
    expect(await render('{{ input.a }}-{{ input.b }}', { a: 'x' })).toBe(OMIT);
  });
});

describe('absent optional inputs are left out (OMIT), never sent as null', () => {
  it('a whole-value template of an absent input is OMIT', async () => {
    expect(await render('{{ input.missing }}', {})).toBe(OMIT);
  });

  it('object keys disappear', async () => {
    const body = await render({ title: '{{ input.title }}', text: '{{ input.text }}', project: '{{ input.project }}', fixed: 'yes' }, { title: 'Plan' });
    expect(body).toEqual({ title: 'Plan', fixed: 'yes' });
    expect(Object.keys(body as object)).toEqual(['title', 'fixed']);
  });

  it('array items disappear', async () => {
    expect(await render(['{{ input.a }}', '{{ input.b }}', 'c'], { b: 'B' })).toEqual(['B', 'c']);
  });

  it('nested objects keep their shape, minus absent keys', async () => {
    expect(await render({ filter: { project: '{{ input.project }}', owner: '{{ input.owner }}' }, page: { size: '{{ input.limit }}' } }, { limit: 10 })).toEqual({
      filter: {},
      page: { size: 10 },
    });
  });

  it('a null the caller sent is kept: only absence is left out', async () => {
    expect(await render({ project: '{{ input.project }}' }, { project: null })).toEqual({ project: null });
  });
});

describe('literals', () => {
  it.each([
    ['a string', 'plain'],
    ['a number', 7],
    ['a boolean', true],
    ['null', null],
    ['an array', [1, 'two', { three: 3 }]],
    ['an object', { a: { b: ['c'] } }],
  ])('%s is sent as written', async (_, value) => {
    expect(await render(value, {})).toEqual(value);
  });

  it('a literal template is the same every call and reads no input', () => {
    const { template } = compileTemplate({ a: 1, b: ['x'] });
    expect(template.refs).toEqual({ input: new Set(), wholeInput: false, steps: new Set(), inputInItem: new Set() });
  });
});

describe('refs and problems', () => {
  it('collects the inputs and steps a template reads', () => {
    const { template } = compileTemplate({ a: '{{ input.title }}', b: ['x {{ input.project }}'], c: '{{ steps.notes.id }}' });
    expect(template.refs.input).toEqual(new Set(['title', 'project']));
    expect(template.refs.steps).toEqual(new Set(['notes']));
    expect(template.refs.wholeInput).toBe(false);
  });

  it('notes a whole-input use such as $idempotencyKey(input)', () => {
    expect(compileTemplate('{{ $idempotencyKey(input) }}').template.refs.wholeInput).toBe(true);
  });

  it.each([
    [{ body: { title: '{{ input.title +  }}' } }, ['body', 'title']],
    [['ok', 'x {{ ( }} y'], [1]],
  ])('an invalid expression is a located problem, not a throw', (value, path) => {
    const { problems } = compileTemplate(value);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toEqual(path);
    expect(problems[0]!.message).toMatch(/^invalid expression `\{\{.*\}\}`: /);
  });
});

describe('the synchronous entry point', () => {
  it('answers for a whole template of sync expressions, leaving absent inputs out', () => {
    const { template } = compileTemplate({ a: '{{ input.a }}', b: ['{{ input.b }}', 'x {{ input.a }}', '{{ input.none }}'], c: "{{ { 'k': input.a & '!' } }}" });
    expect(template.evaluateSync({ input: { a: 'A' } })).toEqual({ a: 'A', b: ['x A'], c: { k: 'A!' } });
  });

  it('hands the whole template to the promises when one expression needs JSONata', async () => {
    const { template } = compileTemplate({ a: '{{ input.a }}', when: '{{ $now() }}', b: 'at {{ $millis() }}' });
    expect(template.evaluateSync({ input: { a: 'A' } })).toBe(NOT_SYNC);
    expect(await template.evaluate({ input: { a: 'A' } })).toMatchObject({ a: 'A', when: expect.any(String), b: expect.stringMatching(/^at \d+$/) });
  });
});
