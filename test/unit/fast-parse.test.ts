import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseFast } from '../../engine/manifest/fast-parse.js';
import { loadManifestText, loadWithYaml, type LoadResult } from '../../engine/manifest/load.js';
import type { JsonPath, SourceDocument } from '../../engine/manifest/source.js';
import { ASCII, SCALARS, STRUCTURE, type Snippet } from './yaml-snippets.js';

// The fast YAML path must be invisible: on every text, loadManifestText gives what the `yaml`
// path alone gives (values, diagnostics, positions), and the fast parser only ever answers for
// texts that `yaml` reads without an error or a warning, with the values `yaml` gives.

const CORPUS = ['manifests', path.join('test', 'fixtures')].flatMap((dir) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f))
    .sort(),
);

const SCALAR_SNIPPETS: Snippet[] = SCALARS.flatMap((s): Snippet[] => [
  [`${s.slice(0, 40)} as values`, `a: ${s}\nb: [${s}, {c: ${s}}]\nd:\n  - ${s}\n`, false],
  [`${s.slice(0, 40)} as a key`, `${s}: v\n`, false],
]);

/** What `yaml` makes of the text: the old load path, before any fast path existed. */
function yamlReference(text: string): { clean: boolean; values: unknown[] } {
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  const clean = !('empty' in docs) && docs.every((d) => d.errors.length === 0 && d.warnings.length === 0);
  if (!clean) return { clean, values: [] };
  try {
    return { clean, values: docs.map((d) => d.toJS({ maxAliasCount: 100 })) };
  } catch {
    // An unresolved alias or too many aliases: yaml throws building the value (load.ts reports it).
    return { clean: false, values: [] };
  }
}

/** Every path in a value, so that positions can be compared at each key and value. */
function paths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const children = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : [];
  return [prefix, ...children.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function locations(doc: SourceDocument): unknown[] {
  const at = paths(doc.value).map((p) => [p.join('.'), doc.position(p, 'key'), doc.position(p, 'value')]);
  return [...at, doc.position(['no-such-key']), doc.offsetPosition(0), doc.offsetPosition(3)];
}

function summary(result: LoadResult): unknown {
  return {
    diagnostics: result.diagnostics,
    values: result.documents.map((d) => d.value),
    locations: result.documents.map(locations),
  };
}

/** The load's result, or what it threw: the `yaml` path throws on some alias errors. */
function outcome(load: () => LoadResult): unknown {
  try {
    return summary(load());
  } catch (error) {
    return { threw: String(error) };
  }
}

function expectSameAsYaml(file: string, text: string): void {
  const fast = parseFast(text);
  if (fast) {
    const reference = yamlReference(text);
    expect(reference.clean, 'the fast path took a text that `yaml` reports on').toBe(true);
    expect(fast).toEqual(reference.values);
  }
  expect(outcome(() => loadManifestText(file, text))).toEqual(outcome(() => loadWithYaml(file, text)));
}

describe('the fast YAML path on real manifests', () => {
  it('has a corpus: the shipped manifests and every test fixture', () => {
    expect(CORPUS.length).toBeGreaterThan(90);
  });

  it.each(CORPUS)('%s', (file) => {
    const text = readFileSync(file, 'utf8');
    expectSameAsYaml(file, text);
    // Real manifests are the everyday case the fast path exists for: only the fixtures of YAML
    // errors may leave it.
    if (yamlReference(text).clean) expect(parseFast(text), 'a clean manifest left the fast path').toBeDefined();
  });
});

/** The text as a Windows checkout has it (git's core.autocrlf): every line break a CRLF. */
const crlf = (text: string) => text.replaceAll('\r\n', '\n').replaceAll('\n', '\r\n');

describe('the fast YAML path on real manifests with CRLF line breaks', () => {
  it.each(CORPUS)('%s', (file) => {
    const text = crlf(readFileSync(file, 'utf8'));
    expectSameAsYaml(file, text);
    if (yamlReference(text).clean) expect(parseFast(text), 'a clean manifest with CRLF breaks left the fast path').toBeDefined();
  });
});

describe('the fast YAML path on tricky YAML', () => {
  it.each(STRUCTURE)('%s', (_, text, fast) => {
    expectSameAsYaml('snippet.yaml', text);
    expect(parseFast(text) !== undefined).toBe(fast);
  });

  it.each(SCALAR_SNIPPETS)('%s', (_, text) => {
    expectSameAsYaml('snippet.yaml', text);
  });

  it.each(ASCII)('the character %j in every place', (_, texts) => {
    for (const text of texts) expectSameAsYaml('snippet.yaml', text);
  });

  it.each([...STRUCTURE, ...SCALAR_SNIPPETS])('with CRLF line breaks: %s', (_, text) => {
    expectSameAsYaml('snippet.yaml', crlf(text));
  });

  it.each(ASCII)('with CRLF line breaks: the character %j in every place', (_, texts) => {
    for (const text of texts) expectSameAsYaml('snippet.yaml', crlf(text));
  });

  it('reads a CRLF text as its LF text, and leaves a lone CR to `yaml`', () => {
    const text = 'a: |\n  x\n  y\nb: "c\\\n  d"\ne: >\n  f\n\n  g\n';
    expect(parseFast(crlf(text))).toEqual(parseFast(text));
    expect(parseFast(crlf(text))).toEqual([{ a: 'x\ny\n', b: 'cd', e: 'f\ng\n' }]);
    expect(parseFast('a: x\rb: y\n')).toBeUndefined();
    expect(parseFast('a: x\r\r\nb: y\r\n')).toBeUndefined();
  });

  it('takes the plain scalars that resolve alike, and leaves those that do not', () => {
    const taken = (s: string) => parseFast(`a: ${s}\n`) !== undefined;
    expect(['0x1F', '0o17', '+1', '-0.0', '.inf', '-.Inf', '.NaN', '1e3', '1.', 'True', 'NULL', '~', 'yes', '1_000'].filter((s) => !taken(s))).toEqual([]);
    // js-yaml 4 reads `-0` as 0 and `0b1` as 1 (YAML 1.1's binary); `yaml` gives -0 and "0b1".
    expect(['-0', '0b1', '1e400', '9'.repeat(400), `0x${'f'.repeat(300)}`].filter(taken)).toEqual([]);
    expect(parseFast('~: 1\n')).toBeUndefined();
    expect(parseFast('null: 1\n')).toBeUndefined();
    expect(parseFast('nullable: 1\n')).toEqual([{ nullable: 1 }]);
  });

  it('keeps -0, NaN and Infinity as `yaml` does', () => {
    const [value] = parseFast('a: -0.0\nb: .nan\nc: -.inf\nd: -0e0\n') as [Record<string, number>];
    expect(Object.is(value.a, -0)).toBe(true);
    expect(Object.is(value.d, -0)).toBe(true);
    expect(value.b).toBeNaN();
    expect(value.c).toBe(-Infinity);
  });
});
