import { beforeAll, describe, expect, it } from 'vitest';
import { SandboxError } from '../../sandbox/http/errors.js';
import { expressionSql, parseExpression } from '../../sandbox/query/expression.js';
import { records, useSandbox } from './helpers.js';

const aliases = new Set(['A', 'B', 'C', 'D', 'A1']);
const render = (source: string) => expressionSql(parseExpression(source, aliases), (a) => a);

describe('expression parser', () => {
  it.each([
    ['A', 'A'],
    ['A AND B', '(A AND B)'],
    ['A OR B AND C', '(A OR (B AND C))'],
    ['A AND B OR C', '((A AND B) OR C)'],
    ['(A OR B) AND C', '((A OR B) AND C)'],
    ['A and (B or (C AND D))', '(A AND (B OR (C AND D)))'],
    ['((A))', 'A'],
    ['A OR B OR C', '(A OR B OR C)'],
    ['A1 AND A', '(A1 AND A)'],
    ['  A   AND\tB ', '(A AND B)'],
  ])('%s → %s', (source, sql) => {
    expect(render(source)).toBe(sql);
  });

  it.each([
    ['', /empty/],
    ['A AND', /expected an alias or "\(" but found end of expression/],
    ['A B', /unexpected "B" at column 3/],
    ['(A OR B', /expected "\)" but found end/],
    ['A OR B)', /unexpected "\)" at column 7/],
    ['A AND E', /alias E is not defined/],
    ['AND A', /expected an alias .* found "AND" at column 1/],
    ['A && B', /unexpected "&" at column 3/],
    ['NOT A', /alias NOT is not defined/],
    ['()', /found "\)"/],
  ])('refuses %j', (source, message) => {
    let caught: unknown;
    try {
      parseExpression(source, aliases);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SandboxError);
    expect((caught as SandboxError).code).toBe('GSOBJ_1009');
    expect((caught as SandboxError).message).toMatch(message);
  });
});

describe('expressions over HTTP', () => {
  const box = useSandbox();
  type Co = { Gsid: string; Arr: number; Employees: number; Name: string };
  let all: Co[];
  beforeAll(async () => {
    all = await records<Co>(box, 'Company', { select: ['Gsid', 'Arr', 'Employees', 'Name'], limit: 5000 });
  });

  const conditions = [
    { name: 'Arr', alias: 'A', operator: 'GT', value: [1_000_000] },
    { name: 'Arr', alias: 'B', operator: 'LT', value: [30_000] },
    { name: 'Employees', alias: 'C', operator: 'GT', value: [1_000] },
  ];
  const a = (c: Co) => c.Arr > 1_000_000;
  const b = (c: Co) => c.Arr < 30_000;
  const cc = (c: Co) => c.Employees > 1_000;

  it.each([
    ['A OR B AND C', (c: Co) => a(c) || (b(c) && cc(c))],
    ['(A OR B) AND C', (c: Co) => (a(c) || b(c)) && cc(c)],
    ['A AND C OR B', (c: Co) => (a(c) && cc(c)) || b(c)],
  ])('%s follows AND-before-OR precedence', async (expression, predicate) => {
    const got = await records<Co>(box, 'Company', { select: ['Gsid'], where: { conditions, expression }, limit: 5000 });
    const expected = all.filter(predicate).map((c) => c.Gsid).sort();
    expect(got.map((r) => r.Gsid).sort()).toEqual(expected);
  });

  it('without an expression ANDs all conditions', async () => {
    const got = await records<Co>(box, 'Company', { select: ['Gsid'], where: { conditions: [conditions[0], conditions[2]] }, limit: 5000 });
    expect(got.map((r) => r.Gsid).sort()).toEqual(all.filter((c) => a(c) && cc(c)).map((c) => c.Gsid).sort());
  });

  it.each([
    ['a bad expression', { conditions, expression: 'A OR (B' }, /expected "\)"/],
    ['an undefined alias', { conditions, expression: 'A OR Z' }, /alias Z/],
    ['a condition left out', { conditions, expression: 'A OR B' }, /C are not used/],
    ['a duplicate alias', { conditions: [conditions[0], { ...conditions[1], alias: 'A' }], expression: 'A' }, /used by two/],
    ['a condition without alias', { conditions: [{ name: 'Arr', operator: 'GT', value: [1] }], expression: 'A' }, /no alias/],
    ['an expression without conditions', { expression: 'A' }, /without conditions/],
  ])('refuses %s with GSOBJ_1009', async (_label, where, message) => {
    const reply = await box.query('Company', { select: ['Gsid'], where });
    expect(reply.status).toBe(400);
    expect(reply.body.errorCode).toBe('GSOBJ_1009');
    expect(reply.body.errorDesc).toMatch(message);
  });
});
