import { CORE_SCHEMA, loadAll, type State } from 'js-yaml';

/**
 * The values of the documents in `text`, parsed by js-yaml 4 (several times faster than `yaml`;
 * with the checks below, 1,000 generated manifests, 5 MB, take ~150 ms where js-yaml 5's event
 * API, which this path used before, took ~350 ms, and js-yaml 4 alone ~100 ms), or
 * `undefined` when the text is not certainly inside the subset of YAML on which js-yaml and
 * `yaml` (the reference: `parseAllDocuments(…, { uniqueKeys: true })` then `toJS()`) agree
 * exactly, with no error and no warning. On `undefined` the caller takes the `yaml` path, which
 * also produces every diagnostic: this function never decides what is wrong with a file.
 *
 * Why the subset is exact (test/unit/fast-parse.test.ts checks it, against the installed versions
 * of both libraries, on every manifest, every test fixture and tables of tricky snippets):
 * - Both pass the YAML test suite, so they agree on structure wherever the spec is clear. Where
 *   js-yaml throws (it is stricter about flow collections indented like their parent, control
 *   characters, duplicate keys, nesting deeper than 100), we take the `yaml` path.
 * - Everything `yaml` warns about needs a directive, a tag, an anchor or an alias. A directive is
 *   refused by its text (`%` at a line start); a tag, an anchor or an alias by where it stands:
 *   js-yaml's listener tells where each node starts, and a node that starts with `!`, `&` or `*`
 *   carries one (no scalar can start with those). That also leaves out merge keys (they need an
 *   alias to do anything), `maxAliasCount`, and any value shared between two places.
 * - Keys, found as the nodes followed by a `:`: a collection key (js-yaml makes a string of it,
 *   `yaml` another), a null key (js-yaml "null", `yaml` ""; refused as any key named "null"), an
 *   implicit key longer than MAX_KEY_SPAN characters up to its `:` (`yaml` allows 1,024), and an
 *   implicit key on more than one line (`yaml` refuses it in flow pairs) are refused.
 * - Scalars: js-yaml 4's core schema reads a few plain scalars as numbers that YAML 1.2, and
 *   `yaml`, read as strings (`0b101`, `1_0.5`), and both turn a number too large for a double
 *   into Infinity only in some forms. So each plain number is read again by `yaml`'s own core
 *   patterns and must come out the same value (Object.is), and a plain scalar js-yaml left a
 *   string must match none of them. Booleans and nulls have the same patterns in both.
 * - Documents: an empty document, or one that is only `~`, is null in js-yaml but not the same
 *   thing for `yaml`: we refuse any null document, and an empty stream.
 * - Line breaks: a CRLF is one line break, and every line break inside a scalar's content comes
 *   out as a line feed (YAML 1.2 §5.4, line break normalization), so a text with CRLF breaks has
 *   the values of the same text with LF ones, which is what is parsed (files checked out on
 *   Windows keep the fast path). A lone CR is a line break for js-yaml only: refused.
 * - Tabs, carriage returns left after that, byte-order marks and `\U` escapes (js-yaml makes
 *   surrogates of one beyond U+10FFFF) are refused outright: rare in manifests, and where the two
 *   parsers' edge cases live.
 */
export function parseFast(source: string): unknown[] | undefined {
  const text = source.includes('\r\n') ? source.replaceAll('\r\n', '\n') : source;
  if (UNSAFE_TEXT.test(text) || MARKER_WITH_CONTENT.test(text)) return undefined;
  const starts: number[] = [];
  let documents: unknown[];
  try {
    documents = loadAll(text, null, {
      schema: CORE_SCHEMA,
      onWarning: refuse,
      listener(event, state) {
        if (event === 'open') starts.push(openNode(text, state.position));
        else closeNode(text, starts.pop()!, state as ParseState);
      },
    });
  } catch {
    return undefined;
  }
  if (documents.length === 0 || documents.some((d) => d === null || d === undefined)) return undefined;
  return documents;
}

/** js-yaml's parser state as its listener sees it; `tag` is "?" on a plain scalar no schema type resolved. */
type ParseState = State & { tag: string | null };

/** Thrown inside js-yaml to stop at the first thing outside the subset; parseFast returns undefined. */
class OutsideSubset extends Error {}

function refuse(): never {
  throw new OutsideSubset();
}

/** Tabs, carriage returns, byte-order marks, `\U` escapes, directives. */
const UNSAFE_TEXT = /[\t\r\uFEFF]|\\U|^%/m;
/**
 * A `---` or `...` line holding more than a comment (or, after `---`, a block scalar's header):
 * js-yaml reads `---a: 1` as a document of `a: 1` where `yaml` reads the key `---a`, and takes
 * a block collection or anything after `...` on the marker's line, which `yaml` refuses.
 */
const MARKER_WITH_CONTENT = /^(?:---(?!(?: +[|>][-+0-9]*)?(?: +#.*| *)$)|\.\.\.(?!(?: +#.*| *)$))/m;
/** Below YAML 1.2's 1,024-character limit on implicit keys (`yaml`'s KEY_OVER_1024_CHARS), with room for a quote. */
const MAX_KEY_SPAN = 1000;

const SPACE = 0x20;
const LF = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const QUESTION = 0x3f;
const PROPERTY_OR_ALIAS = new Set([0x21, 0x26, 0x2a]); // ! & *

/** Where a node starts: js-yaml opens it before the separating space. Refuses a tag, an anchor or an alias. */
function openNode(text: string, from: number): number {
  const start = significant(text, from);
  if (PROPERTY_OR_ALIAS.has(text.charCodeAt(start))) refuse();
  return start;
}

function closeNode(text: string, start: number, state: ParseState): void {
  const { kind, result, position } = state;
  // A comment must follow a space: js-yaml takes `"x"# c`, `yaml` does not.
  if (text.charCodeAt(position) === HASH && text.charCodeAt(position - 1) !== SPACE) refuse();
  if (kind === 'mapping' && result !== null && Object.hasOwn(result as object, 'null')) refuse();
  if (kind === 'scalar') checkScalar(text, start, state);
  const next = significant(text, position);
  if (text.charCodeAt(next) !== COLON) return;
  // A node followed by `:` is a key.
  if (kind !== 'scalar') refuse();
  if (next - start > MAX_KEY_SPAN) refuse();
  if (text.lastIndexOf('\n', next) > start && !isExplicitKey(text, start)) refuse();
}

function checkScalar(text: string, start: number, state: ParseState): void {
  const { result } = state;
  if (typeof result === 'number') {
    // Only a plain scalar becomes a number: its text is the node's, up to trailing space.
    if (!Object.is(yamlNumber(text.slice(start, state.position).trimEnd()), result)) refuse();
  } else if (state.tag === '?' && typeof result === 'string' && YAML_NON_STRING.test(result)) {
    refuse();
  }
}

/** The `?` of an explicit key stands before it: such a key may span lines. */
function isExplicitKey(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === LF)) i--;
  return text.charCodeAt(i) === QUESTION;
}

/** The first position at or after `from` that is not a space, a line break or a comment. */
function significant(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === LF) i++;
    else if (c === HASH && (i === 0 || text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === LF)) {
      const end = text.indexOf('\n', i);
      if (end === -1) return text.length;
      i = end;
    } else return i;
  }
}

// `yaml`'s core schema tags (yaml/dist/schema/core/int.js, float.js, bool.js, null.js), in its order.
const YAML_OCT = /^0o[0-7]+$/;
const YAML_INT = /^[-+]?[0-9]+$/;
const YAML_HEX = /^0x[0-9a-fA-F]+$/;
const YAML_INF = /^[-+]?\.(?:inf|Inf|INF)$/;
const YAML_NAN = /^\.(?:nan|NaN|NAN)$/;
const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** A plain scalar `yaml` would not leave a string: null, bool, int, float. */
const YAML_NON_STRING = new RegExp(
  [/^(?:~|[Nn]ull|NULL)?$/, /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, YAML_OCT, YAML_INT, YAML_HEX, YAML_INF, YAML_NAN, YAML_FLOAT].map((r) => `(?:${r.source})`).join('|'),
);

/** The number `yaml` makes of a plain scalar, or undefined when it makes none. */
function yamlNumber(source: string): number | undefined {
  if (YAML_OCT.test(source)) return parseInt(source.slice(2), 8);
  if (YAML_INT.test(source)) return parseInt(source, 10);
  if (YAML_HEX.test(source)) return parseInt(source.slice(2), 16);
  if (YAML_INF.test(source)) return source.startsWith('-') ? -Infinity : Infinity;
  if (YAML_NAN.test(source)) return NaN;
  if (YAML_FLOAT.test(source)) return parseFloat(source);
  return undefined;
}
