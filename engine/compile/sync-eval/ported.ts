import { BAIL } from './runtime.js';

/**
 * $contains, $split and $replace, which JSONata 2.x declares async only because a pattern may be a
 * lambda: ported line for line from jsonata.js (functions.js) for a string or regex-literal
 * pattern and a string replacement. Any other pattern or replacement bails.
 */

interface RegexMatch {
  match: string;
  start: number;
  end: number;
  groups: string[];
  next(): RegexMatch | undefined;
}

export type Matcher = (str: string, fromIndex?: number) => RegexMatch | undefined;

/** evaluateRegex: a fresh RegExp per evaluation of the literal, as JSONata makes one. */
export function regexMatcher(literal: RegExp): Matcher {
  const re = new RegExp(literal);
  const closure: Matcher = (str, fromIndex) => {
    re.lastIndex = fromIndex || 0;
    const match = re.exec(str);
    if (match === null) return undefined;
    const groups: string[] = [];
    for (let i = 1; i < match.length; i++) groups.push(match[i]!);
    return {
      match: match[0],
      start: match.index,
      end: match.index + match[0].length,
      groups,
      next() {
        if (re.lastIndex >= str.length) return undefined;
        const next = closure(str, re.lastIndex);
        // D1004: a zero-length match never progresses.
        if (next && next.match === '') throw BAIL;
        return next;
      },
    };
  };
  return closure;
}

const matcherOf = (pattern: unknown): Matcher => {
  if (typeof pattern !== 'function') throw BAIL;
  return pattern as Matcher;
};

export function contains(str: unknown, token: unknown): unknown {
  if (str === undefined || token === undefined) return undefined;
  if (typeof token === 'string') return (str as string).indexOf(token) !== -1;
  return matcherOf(token)(str as string) !== undefined;
}

export function split(str: unknown, separator: unknown, limit: unknown): unknown {
  if (str === undefined) return undefined;
  const text = str as string;
  const max = limit as number | undefined;
  if ((max as number) < 0) throw BAIL;
  let result: string[] = [];
  if (max === undefined || max > 0) {
    if (typeof separator === 'string') {
      result = text.split(separator, max);
    } else {
      let count = 0;
      let matches = matcherOf(separator)(text);
      if (matches !== undefined) {
        let start = 0;
        while (matches !== undefined && (max === undefined || count < max)) {
          result.push(text.substring(start, matches.start));
          start = matches.end;
          matches = matches.next();
          count++;
        }
        if (max === undefined || count < max) result.push(text.substring(start));
      } else {
        result.push(text);
      }
    }
  }
  return result;
}

export function replace(str: unknown, pattern: unknown, replacement: unknown, limit: unknown): unknown {
  if (str === undefined) return undefined;
  const text = str as string;
  if (pattern === '') throw BAIL;
  const max = limit as number | undefined;
  if ((max as number) < 0) throw BAIL;
  if (typeof replacement !== 'string') throw BAIL;
  let result = '';
  let position = 0;
  if (max === undefined || max > 0) {
    let count = 0;
    if (typeof pattern === 'string') {
      let index = text.indexOf(pattern, position);
      while (index !== -1 && (max === undefined || count < max)) {
        result += text.substring(position, index);
        result += replacement;
        position = index + pattern.length;
        count++;
        index = text.indexOf(pattern, position);
      }
      result += text.substring(position);
    } else {
      let matches = matcherOf(pattern)(text);
      if (matches !== undefined) {
        while (matches !== undefined && (max === undefined || count < max)) {
          result += text.substring(position, matches.start);
          result += substitute(replacement, matches);
          position = matches.start + matches.match.length;
          count++;
          matches = matches.next();
        }
        result += text.substring(position);
      } else {
        result = text;
      }
    }
  } else {
    result = text;
  }
  return result;
}

/** The replacement text with `$0`, `$n` and `$$` filled in from one match. */
function substitute(replacement: string, regexMatch: RegexMatch): string {
  let out = '';
  let position = 0;
  let index = replacement.indexOf('$', position);
  while (index !== -1 && position < replacement.length) {
    out += replacement.substring(position, index);
    position = index + 1;
    const dollarVal = replacement.charAt(position);
    if (dollarVal === '$') {
      out += '$';
      position++;
    } else if (dollarVal === '0') {
      out += regexMatch.match;
      position++;
    } else {
      const maxDigits = regexMatch.groups.length === 0 ? 1 : Math.floor(Math.log(regexMatch.groups.length) * Math.LOG10E) + 1;
      index = parseInt(replacement.substring(position, position + maxDigits), 10);
      if (maxDigits > 1 && index > regexMatch.groups.length) index = parseInt(replacement.substring(position, position + maxDigits - 1), 10);
      if (!Number.isNaN(index)) {
        if (regexMatch.groups.length > 0) {
          const submatch = regexMatch.groups[index - 1];
          if (submatch !== undefined) out += submatch;
        }
        position += index.toString().length;
      } else {
        out += '$';
      }
    }
    index = replacement.indexOf('$', position);
  }
  out += replacement.substring(position);
  return out;
}

const ISO_DATE = '[Y0001]-[M01]-[D01]';
const twoDigits = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * `$fromMillis(ms, '[Y0001]-[M01]-[D01]')`, the pack's date format, without JSONata parsing the
 * picture again on every call (most of the cost of a company list). Four-digit UTC years only;
 * undefined for any other call, which then goes to JSONata's implementation.
 */
export function isoDate(args: readonly unknown[]): string | undefined {
  const [millis, picture] = args;
  if (args.length !== 2 || picture !== ISO_DATE || typeof millis !== 'number' || !Number.isFinite(millis)) return undefined;
  const date = new Date(millis);
  const year = date.getUTCFullYear();
  if (year < 1000 || year > 9999) return undefined;
  return `${year}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}`;
}
