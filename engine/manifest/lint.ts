import { sortDiagnostics, type Diagnostic } from './diagnostic.js';
import { loadPacks, type LoadedPacks } from './packs.js';
import { createLintContext } from './rules/context.js';
import { lintRules } from './rules/index.js';
import type { LintRule, Report } from './rules/rule.js';

export { lintRules };

/**
 * Run every lint rule over loaded packs. Pure and synchronous (no I/O), so the runtime can call it
 * at start-up and on reload. Only rule diagnostics are returned: the load diagnostics are in
 * `loaded.diagnostics`. A rule that throws is a bug in the rule, reported as `lint-internal`
 * instead of hiding every other finding.
 */
export function lintPacks(loaded: LoadedPacks, rules: readonly LintRule[] = lintRules): Diagnostic[] {
  const context = createLintContext(loaded.packs);
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    const report: Report = (doc, path, message, options = {}) => {
      const { line, column } = doc.position(path, options.which ?? 'value');
      diagnostics.push({ file: doc.file, line, column, rule: rule.id, severity: options.severity ?? 'error', message });
    };
    try {
      rule.check(context, report);
    } catch (error) {
      const file = loaded.packs[0]?.service.doc.file ?? loaded.files[0] ?? '.';
      diagnostics.push({ file, line: 1, column: 1, rule: 'lint-internal', severity: 'error', message: `The rule \`${rule.id}\` failed (${(error as Error).message}); this is a toolgate bug, please report it.` });
    }
  }
  return sortDiagnostics(diagnostics);
}

export interface LintResult {
  diagnostics: Diagnostic[];
  /** Every manifest file that was read. */
  files: string[];
}

/** Load the manifests under `paths`, then lint them: load and rule diagnostics, sorted. */
export async function lintPaths(paths: readonly string[]): Promise<LintResult> {
  const loaded = await loadPacks(paths);
  return { diagnostics: sortDiagnostics([...loaded.diagnostics, ...lintPacks(loaded)]), files: loaded.files };
}
