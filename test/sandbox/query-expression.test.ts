import { describe, expect, it } from 'vitest';
import { SandboxError } from '../../sandbox/http/errors.js';
import { expressionSql, parseExpression } from '../../sandbox/query/expression.js';

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
