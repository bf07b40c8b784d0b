import { LineCounter, parseAllDocuments } from 'yaml';
import type { Diagnostic } from './diagnostic.js';
import { SourceDocument } from './source.js';

export interface LoadResult {
  documents: SourceDocument[];
  diagnostics: Diagnostic[];
}

/**
 * Parse one manifest file. Never throws: YAML syntax errors, duplicate keys and anchors that
 * point nowhere all come back as diagnostics with file:line:col.
 */
export function loadManifestText(file: string, text: string): LoadResult {
  const lines = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const documents: SourceDocument[] = [];
  const parsed = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  // An empty stream comes back as an EmptyStream: an empty array that carries its own errors.
  if ('empty' in parsed) for (const error of parsed.errors) diagnostics.push(yamlDiagnostic(file, lines, error));
  for (const doc of parsed) {
    const problems = [...doc.errors, ...doc.warnings];
    for (const error of problems) diagnostics.push(yamlDiagnostic(file, lines, error));
    if (doc.errors.length > 0) continue;
    if (doc.contents === null) continue; // an empty document between two `---`
    documents.push(new SourceDocument(file, doc.toJS({ maxAliasCount: 100 }), doc, lines));
  }
  if (documents.length === 0 && diagnostics.length === 0) {
    diagnostics.push({ file, line: 1, column: 1, rule: 'yaml-syntax', severity: 'error', message: 'The file holds no YAML document; add a `kind: Service` or `kind: Tool` document or delete the file.' });
  }
  return { documents, diagnostics };
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
