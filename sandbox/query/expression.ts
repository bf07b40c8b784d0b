import { fail } from '../http/errors.js';

/**
 * `where.expression`: a boolean expression over condition aliases, e.g. `A AND (B OR C)`.
 * Grammar (AND binds tighter than OR, as in SQL):
 *   or      := and ("OR" and)*
 *   and     := primary ("AND" primary)*
 *   primary := ALIAS | "(" or ")"
 */
export type Expr = { kind: 'alias'; name: string } | { kind: 'and' | 'or'; items: Expr[] };

interface Token {
  text: string;
  at: number;
}

const TOKEN = /\s*(\(|\)|[A-Za-z0-9_]+|\S)/gy;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(source); match; match = TOKEN.exec(source)) {
    const text = match[1] ?? '';
    tokens.push({ text, at: match.index + match[0].length - text.length + 1 });
  }
  return tokens;
}

const isKeyword = (token: Token | undefined, word: string) => token?.text.toUpperCase() === word;

/** Parses and checks that every alias is defined; error messages give the 1-based column. */
export function parseExpression(source: string, aliases: ReadonlySet<string>): Expr {
  const tokens = tokenize(source);
  let pos = 0;
  const error = (message: string) => fail.invalidExpression(`Invalid expression "${source}": ${message}`);
  const describe = (token: Token | undefined) => (token ? `"${token.text}" at column ${token.at}` : 'end of expression');

  function parseOr(): Expr {
    const items = [parseAnd()];
    while (isKeyword(tokens[pos], 'OR')) {
      pos += 1;
      items.push(parseAnd());
    }
    return items.length === 1 ? (items[0] as Expr) : { kind: 'or', items };
  }

  function parseAnd(): Expr {
    const items = [parsePrimary()];
    while (isKeyword(tokens[pos], 'AND')) {
      pos += 1;
      items.push(parsePrimary());
    }
    return items.length === 1 ? (items[0] as Expr) : { kind: 'and', items };
  }

  function parsePrimary(): Expr {
    const token = tokens[pos];
    if (token?.text === '(') {
      pos += 1;
      const inner = parseOr();
      if (tokens[pos]?.text !== ')') throw error(`expected ")" but found ${describe(tokens[pos])}`);
      pos += 1;
      return inner;
    }
    if (!token || !/^[A-Za-z0-9_]+$/.test(token.text) || isKeyword(token, 'AND') || isKeyword(token, 'OR')) {
      throw error(`expected an alias or "(" but found ${describe(token)}`);
    }
    if (!aliases.has(token.text)) throw error(`alias ${token.text} is not defined by any condition`);
    pos += 1;
    return { kind: 'alias', name: token.text };
  }

  if (tokens.length === 0) throw error('it is empty');
  const expr = parseOr();
  if (pos < tokens.length) throw error(`unexpected ${describe(tokens[pos])}`);
  return expr;
}

/** Aliases the expression mentions, to report conditions it leaves out. */
export function aliasesIn(expr: Expr, into = new Set<string>()): Set<string> {
  if (expr.kind === 'alias') into.add(expr.name);
  else for (const item of expr.items) aliasesIn(item, into);
  return into;
}

/** Renders SQL with every sub-expression parenthesised, so precedence never depends on SQL's. */
export function expressionSql(expr: Expr, sqlOf: (alias: string) => string): string {
  if (expr.kind === 'alias') return sqlOf(expr.name);
  const joiner = expr.kind === 'and' ? ' AND ' : ' OR ';
  return `(${expr.items.map((item) => expressionSql(item, sqlOf)).join(joiner)})`;
}
