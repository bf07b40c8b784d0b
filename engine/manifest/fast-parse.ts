import {
  constructFromEvents,
  CORE_SCHEMA,
  EVENT_ID,
  getScalarValue,
  parseEvents,
  SCALAR_STYLE,
  type Event,
  type ScalarEvent,
} from 'js-yaml';

/**
 * The values of the documents in `text`, parsed by js-yaml (about three times faster than `yaml`),
 * or `undefined` when the text is not certainly inside the subset of YAML on which js-yaml and
 * `yaml` (the reference: `parseAllDocuments(…, { uniqueKeys: true })` then `toJS()`) agree
 * exactly, with no error and no warning. On `undefined` the caller takes the `yaml` path, which
 * also produces every diagnostic: this function never decides what is wrong with a file.
 *
 * Why the subset is exact (test/unit/fast-parse.test.ts checks it, against the installed versions
 * of both libraries, on every manifest, every test fixture and tables of tricky snippets):
 * - Both pass the YAML test suite, so they agree on structure wherever the spec is clear. Where
 *   js-yaml throws (it is stricter about flow collections indented like their parent, control
 *   characters, complex keys, duplicate keys), we take the `yaml` path.
 * - Everything `yaml` warns about needs a directive, a tag, an anchor or an alias (BAD_DIRECTIVE,
 *   TAG_RESOLVE_FAILED, BAD_COLLECTION_TYPE, BAD_ALIAS; the flow-indent warning is on only in
 *   `compat` mode). We refuse all four, which also leaves out `%YAML 1.1` (a different schema),
 *   merge keys and `maxAliasCount`, and means no value is shared between two places.
 * - The errors `yaml` reports on text js-yaml accepts (found by comparing them): an implicit
 *   key longer than 1,024 characters, so we refuse a key whose start is more than MAX_KEY_SPAN
 *   characters before both the end of its line and the start of its value (the `:` of an
 *   implicit key is on the key's line, before the value); a `\U` escape beyond U+10FFFF
 *   (js-yaml makes surrogates of it), so we refuse any `\U`; a lone CR (a line break for
 *   js-yaml only), so we refuse any CR.
 * - Scalars: both use the YAML 1.2 core schema, with the same patterns for null, bool, int
 *   (`0o`, `0x`, signed decimal) and float (`.inf`, `.nan`, exponents), and equal values for them,
 *   except that `yaml` turns a number too large for a double into Infinity where js-yaml keeps
 *   the text: we refuse plain scalars that overflow. Quoted and block scalars are strings in both.
 * - Keys: both stringify a scalar key with String(), except null (`yaml`: "", js-yaml: "null"):
 *   we refuse null keys. Collection keys make js-yaml throw. A duplicate for `yaml` (equal
 *   values) is a duplicate for js-yaml (equal strings), which throws.
 * - Documents: an empty document, or one that is only `~`, is null in js-yaml but not the same
 *   thing for `yaml`: we refuse any null document, and an empty stream.
 * - Tabs and byte-order marks are refused outright too: rare in manifests, and where the two
 *   parsers' edge cases live.
 */
export function parseFast(text: string): unknown[] | undefined {
  if (UNSAFE_TEXT.test(text)) return undefined;
  let documents: unknown[];
  try {
    const events = parseEvents(text, {});
    if (!eventsAreSafe(text, events)) return undefined;
    documents = constructFromEvents(events, { source: text, schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  if (documents.length === 0 || documents.some((d) => d === null || d === undefined)) return undefined;
  return documents;
}

/** Tabs, carriage returns, byte-order marks, `\U` escapes, directives. */
const UNSAFE_TEXT = /[\t\r\uFEFF]|\\U|^%/m;
const NO_RANGE = -1;
/** Below YAML 1.2's 1,024-character limit on implicit keys (`yaml`'s KEY_OVER_1024_CHARS), with room for a quote. */
const MAX_KEY_SPAN = 1000;

/** What the next node inside an open collection is. */
const ITEM = 0;
const KEY = 1;
const VALUE = 2;

function eventsAreSafe(text: string, events: readonly Event[]): boolean {
  const open: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (event.directives.length > 0) return false;
        open.push(ITEM);
        break;
      case EVENT_ID.POP:
        open.pop();
        break;
      case EVENT_ID.ALIAS:
        return false;
      default: {
        if (event.anchorStart !== NO_RANGE || event.tagStart !== NO_RANGE) return false;
        const top = open.length - 1;
        const role = open[top];
        if (role !== ITEM) open[top] = role === KEY ? VALUE : KEY;
        if (event.type !== EVENT_ID.SCALAR) {
          if (role === KEY) return false;
          open.push(event.type === EVENT_ID.MAPPING ? KEY : ITEM);
        } else if (role === KEY) {
          if (!keyIsSafe(text, event, events[i + 1])) return false;
        } else if (!valueIsSafe(text, event)) {
          return false;
        }
      }
    }
  }
  return true;
}

function keyIsSafe(text: string, key: ScalarEvent, value: Event | undefined): boolean {
  const start = key.valueStart;
  if (start === NO_RANGE) return false; // an empty key: null, and nothing to measure from
  if (key.style === SCALAR_STYLE.PLAIN && isNull(text, key)) return false;
  // The `:` of an implicit key is on the key's line, before its value.
  const lineEnd = text.indexOf('\n', start);
  let colonBefore = lineEnd === -1 ? text.length : lineEnd;
  const valueStart = value ? nodeStart(value) : NO_RANGE;
  if (valueStart !== NO_RANGE && valueStart < colonBefore) colonBefore = valueStart;
  if (colonBefore - start > MAX_KEY_SPAN) return false;
  return valueIsSafe(text, key);
}

function isNull(text: string, plain: ScalarEvent): boolean {
  if (plain.valueStart === plain.valueEnd) return true;
  return NULL_START.has(text.charCodeAt(plain.valueStart)) && CORE_NULL.test(getScalarValue(text, plain));
}

function nodeStart(event: Event): number {
  if (event.type === EVENT_ID.SCALAR) return event.valueStart;
  if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) return event.start;
  return NO_RANGE;
}

function valueIsSafe(text: string, scalar: ScalarEvent): boolean {
  if (scalar.style !== SCALAR_STYLE.PLAIN || scalar.valueStart === NO_RANGE) return true;
  if (!NUMBER_START.has(text.charCodeAt(scalar.valueStart))) return true;
  return !overflows(getScalarValue(text, scalar));
}

const NUMBER_START = new Set([...'+-.0123456789'].map((c) => c.charCodeAt(0)));
const NULL_START = new Set([...'~nN'].map((c) => c.charCodeAt(0)));
const CORE_NULL = /^(?:~|[Nn]ull|NULL)$/;

// `yaml`'s core schema tags (yaml/dist/schema/core/int.js, float.js), in its order.
const YAML_OCT = /^0o[0-7]+$/;
const YAML_INT = /^[-+]?[0-9]+$/;
const YAML_HEX = /^0x[0-9a-fA-F]+$/;
const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** True when `yaml` would resolve this plain scalar to a number that is not finite. */
function overflows(source: string): boolean {
  let value: number;
  if (YAML_OCT.test(source)) value = parseInt(source.slice(2), 8);
  else if (YAML_INT.test(source)) value = parseInt(source, 10);
  else if (YAML_HEX.test(source)) value = parseInt(source.slice(2), 16);
  else if (YAML_FLOAT.test(source)) value = parseFloat(source);
  else return false;
  return !Number.isFinite(value);
}
