import { consoleIo, parseCommandArgs, type CommandIo } from './args.js';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../manifest/diagnostic.js';
import { lintPaths, lintRules } from '../manifest/lint.js';

const FORMATS = ['text', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: toolgate lint [PATH…] [options]

Check manifests (files or directories, default: manifests/) and report located diagnostics.

Options:
  --format F    text (default), json (an array of diagnostics) or github (workflow annotations)
  --rules       list the lint rules and exit
  -h, --help    show this help

Exit status: 0 when there is no error (warnings allowed), 1 on any error, 2 on a usage error.`;

export async function runLintCommand(argv: string[], io: CommandIo = consoleIo): Promise<number> {
  const parsed = parseCommandArgs(
    'lint',
    argv,
    { allowPositionals: true, options: { format: { type: 'string', default: 'text' }, rules: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } },
    HELP,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.rules) {
    const width = Math.max(...lintRules.map((r) => r.id.length));
    io.out(lintRules.map((r) => `${r.id.padEnd(width)}  ${r.description}`).join('\n'));
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    io.err(`toolgate lint: --format must be one of ${FORMATS.join(', ')}, not '${values.format}'`);
    return 2;
  }
  const paths = positionals.length > 0 ? positionals : ['manifests/'];
  let result;
  try {
    result = await lintPaths(paths);
  } catch (error) {
    // A path that does not exist is a usage error, not a manifest problem.
    io.err(`toolgate lint: ${(error as Error).message}`);
    return 2;
  }
  const { diagnostics, files } = result;
  if (format === 'json') io.out(JSON.stringify(diagnostics, null, 2));
  else if (format === 'github') diagnostics.forEach((d) => io.out(githubCommand(d)));
  else io.out(textReport(diagnostics, files, paths));
  return hasErrors(diagnostics) ? 1 : 0;
}

function textReport(diagnostics: Diagnostic[], files: string[], paths: string[]): string {
  if (files.length === 0) return `No manifests found in ${paths.join(', ')}.`;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const summary = `${plural(files.length, 'file')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`;
  return [...diagnostics.map(formatDiagnostic), summary].join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** GitHub Actions workflow command; properties and data are escaped as the runner's toolkit does. */
export function githubCommand(d: Diagnostic): string {
  const property = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const level = d.severity === 'error' ? 'error' : 'warning';
  return `::${level} file=${property(d.file)},line=${d.line},col=${d.column},title=${property(d.rule)}::${escapeData(d.message)}`;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
