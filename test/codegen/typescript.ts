import path from 'node:path';
import ts from 'typescript';

const config = ts.getParsedCommandLineOfConfigFile(path.resolve('tsconfig.json'), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  },
});
const sourceFiles = new Map<string, ts.SourceFile>();

export interface FoundError {
  /** 1-based. */
  line: number;
  code: number;
  message: string;
}

/**
 * Type errors in `file` under the project's compiler options, with the file's text replaced by
 * `text` (the file need not exist; it must sit inside the project so that package.json makes it
 * ESM). Lib and dependency declarations are parsed once for every call.
 */
export function typeErrors(file: string, text: string): FoundError[] {
  if (!config) throw new Error('tsconfig.json could not be read');
  const target = path.resolve(file);
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === target || fileExists(name);
  host.getSourceFile = (name, language) => {
    if (path.resolve(name) === target) return ts.createSourceFile(name, text, language);
    const cached = sourceFiles.get(name) ?? getSourceFile(name, language);
    if (cached) sourceFiles.set(name, cached);
    return cached;
  };
  const program = ts.createProgram([target], config.options, host);
  const source = program.getSourceFile(target);
  if (!source) throw new Error(`${target} is not in the program`);
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => ({
    line: d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line + 1,
    code: d.code,
    message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
  }));
}
