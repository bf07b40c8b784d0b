import path from 'node:path';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../manifest/diagnostic.js';
import { loadPacks } from '../manifest/packs.js';
import { checkGeneratable, MANIFEST_FILE } from './checks.js';
import { generatedHeader } from './header.js';
import { renderManifestTypes } from './manifest-types.js';
import { renderManifestValidator, VALIDATOR_FILE } from './manifest-validator.js';
import { compareCodeUnits } from './names.js';
import { renderPackTypes } from './pack-types.js';

export interface GenerateOptions {
  /** Manifest files and pack directories, as given to loadPacks. */
  manifests: readonly string[];
  /** The command that regenerates the files, named in their DO NOT EDIT header. */
  command: string;
  /** Leave out the schema's files (manifest.ts, manifest-validator.ts): packs generated beside their own code need only their types. */
  packsOnly?: boolean;
}

export interface GenerateResult {
  /** File name (relative to the output directory) → content; empty when there are errors. */
  files: Map<string, string>;
  /** Errors only: warnings never stop generation. */
  diagnostics: Diagnostic[];
}

export const SCHEMA_SOURCE = 'engine/manifest/manifest.schema.json';

/** Everything `toolgate generate` would write, in memory, so that --check and a write share it. */
export async function generateTypes(options: GenerateOptions): Promise<GenerateResult> {
  const loaded = await loadPacks(options.manifests);
  const diagnostics = loaded.diagnostics.filter((d) => d.severity === 'error');
  diagnostics.push(...checkGeneratable(loaded.packs));
  if (hasErrors(diagnostics)) return { files: new Map(), diagnostics: sortDiagnostics(diagnostics) };
  const files = new Map<string, string>();
  if (!options.packsOnly) {
    files.set(MANIFEST_FILE, await renderManifestTypes(generatedHeader(options.command, SCHEMA_SOURCE)));
    files.set(VALIDATOR_FILE, renderManifestValidator(generatedHeader(options.command, SCHEMA_SOURCE)));
  }
  const packs = [...loaded.packs].sort((a, b) => compareCodeUnits(a.service.manifest.name, b.service.manifest.name));
  for (const pack of packs) {
    const header = generatedHeader(options.command, `the ${displayPath(pack.dir)} pack`);
    files.set(`${pack.service.manifest.name}.ts`, await renderPackTypes(pack, header));
  }
  return { files, diagnostics: [] };
}

/** Relative to the working directory, `/`-separated: the same text on every machine. */
export function displayPath(target: string): string {
  const relative = path.relative(process.cwd(), path.resolve(target));
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}
