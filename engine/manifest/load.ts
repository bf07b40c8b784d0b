import type { LineCounter } from 'yaml';
import type { Diagnostic } from './diagnostic.js';
import { parseFast } from './fast-parse.js';
import { SourceDocument, type SourceNodes } from './source.js';
import { yamlModule } from './yaml-module.js';

export interface LoadResult {
  documents: SourceDocument[];
  diagnostics: Diagnostic[];
}

/**
 * Parse one manifest file. Never throws: YAML syntax errors, duplicate keys and anchors that
 * point nowhere all come back as diagnostics with file:line:col.
 *
 * Most files take the fast path (fast-parse.ts), which gives exactly the values `yaml` gives and
 * proves there is no diagnostic; `yaml` then parses the file only if a position is asked for,
 * so a clean pack is parsed once, by the fast parser, and keeps no `yaml` Document in memory.
 * Every other file takes the `yaml` path, the only one that produces diagnostics.
 */
export function loadManifestText(file: string, text: string): LoadResult {
  const values = parseFast(text);
  if (!values) return loadWithYaml(file, text);
  const nodes = lazyNodes(file, text);
  return { documents: values.map((value, i) => new SourceDocument(file, value, () => nodes(i))), diagnostics: [] };
}

/** The `yaml` path alone: the reference the fast path is tested against. */
export function loadWithYaml(file: string, text: string): LoadResult {
  const lines = new (yamlModule().LineCounter)();
  const diagnostics: Diagnostic[] = [];
  const documents: SourceDocument[] = [];
  const parsed = parseYaml(text, lines);
  // An empty stream comes back as an EmptyStream: an empty array that carries its own errors.
  if ('empty' in parsed) for (const error of parsed.errors) diagnostics.push(yamlDiagnostic(file, lines, error));
  for (const doc of parsed) {
    const problems = [...doc.errors, ...doc.warnings];
    for (const error of problems) diagnostics.push(yamlDiagnostic(file, lines, error));
    if (!isLoaded(doc)) continue;
    const nodes: SourceNodes = { doc, lines };
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // An alias whose anchor is not defined before it, or aliases expanding past the limit (a
      // "billion laughs" document): yaml reports these only when the value is built, by throwing.
      diagnostics.push(aliasDiagnostic(file, lines, doc, error));
      continue;
    }
    documents.push(new SourceDocument(file, value, () => nodes));
  }
  if (documents.length === 0 && diagnostics.length === 0) {
    diagnostics.push({ file, line: 1, column: 1, rule: 'yaml-syntax', severity: 'error', message: 'The file holds no YAML document; add a `kind: Service` or `kind: Tool` document or delete the file.' });
  }
  return { documents, diagnostics };
}

function aliasDiagnostic(file: string, lines: LineCounter, doc: SourceNodes['doc'], error: unknown): Diagnostic {
  const message = (error as Error).message ?? String(error);
  // "Unresolved alias (…): name" names the alias; otherwise the first alias is the place to look.
  const unresolved = /^Unresolved alias[^:]*: (.+)$/.exec(message)?.[1];
  let offset: number | undefined;
  const { visit } = yamlModule();
  visit(doc, {
    Alias(_key, node) {
      if (unresolved !== undefined && node.source !== unresolved) return undefined;
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  const { line, col } = lines.linePos(offset ?? doc.range[0]);
  const reason = message.split('\n')[0]!.replace(/\.$/, '');
  return {
    file,
    line,
    column: col,
    rule: 'yaml-syntax',
    severity: 'error',
    message: `YAML: ${reason}. Define each anchor (&name) before its aliases (*name), use at most 100 aliases, or write the value out.`,
  };
}

function parseYaml(text: string, lines: LineCounter) {
  return yamlModule().parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
}

/** Whether the `yaml` path turns this document into a SourceDocument. */
function isLoaded(doc: SourceNodes['doc']): boolean {
  // `contents === null`: an empty document between two `---`.
  return doc.errors.length === 0 && doc.contents !== null;
}

/**
 * The `yaml` nodes of the i-th document of a file that took the fast path, parsed on the first
 * call and kept. The fast path holds only for files whose documents `yaml` loads one for one,
 * so the i-th loaded `yaml` document is the i-th fast one.
 */
function lazyNodes(file: string, text: string): (index: number) => SourceNodes {
  let all: SourceNodes[] | undefined;
  return (index) => {
    if (!all) {
      const lines = new (yamlModule().LineCounter)();
      all = parseYaml(text, lines).filter(isLoaded).map((doc) => ({ doc, lines }));
    }
    const nodes = all[index];
    if (!nodes) throw new Error(`${file}: document ${index + 1} has no \`yaml\` counterpart; the fast YAML path and \`yaml\` disagree (a toolgate bug).`);
    return nodes;
  };
}

function yamlDiagnostic(
  file: string,
  lines: LineCounter,
  error: { code: string; message: string; pos: [number, number]; name: string },
): Diagnostic {
  const { line, col } = lines.linePos(error.pos[0]);
  const duplicate = error.code === 'DUPLICATE_KEY';
  const firstLine = error.message.split('\n')[0] ?? error.message;
  return {
    file,
    line,
    column: col,
    rule: duplicate ? 'yaml-duplicate-key' : 'yaml-syntax',
    severity: error.name === 'YAMLWarning' ? 'warning' : 'error',
    message: duplicate
      ? `${firstLine.replace(/ at line.*$/, '')}: each key may appear once in a mapping; remove or rename the repeated key.`
      : `YAML: ${firstLine.replace(/ at line.*$/, '')}.`,
  };
}
