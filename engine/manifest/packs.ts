import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ServiceManifest, ToolManifest } from '../../generated/manifest.js';
import type { Diagnostic } from './diagnostic.js';
import { loadManifestText } from './load.js';
import { validateDocument } from './schema.js';
import type { SourceDocument } from './source.js';

export interface ServiceSource {
  doc: SourceDocument;
  manifest: ServiceManifest;
}

export interface ToolSource {
  doc: SourceDocument;
  manifest: ToolManifest;
}

/** A Service and the Tools in its directory tree: the unit that is compiled and served. */
export interface Pack {
  /** Directory holding the Service manifest. */
  dir: string;
  service: ServiceSource;
  tools: ToolSource[];
}

export interface LoadedPacks {
  packs: Pack[];
  /** Every file that was read, relative paths as given. */
  files: string[];
  diagnostics: Diagnostic[];
}

const MANIFEST_FILE = /\.ya?ml$/;

/**
 * Read every manifest under the given files and directories, validate each document against the
 * schema and group Tools under the Service whose directory is their nearest ancestor. Never
 * throws for a manifest problem: those are diagnostics. Documents that fail the schema are left
 * out of the packs, so later rules only ever see well-formed manifests.
 */
export async function loadPacks(paths: readonly string[]): Promise<LoadedPacks> {
  const files = (await Promise.all(paths.map(listManifestFiles))).flat();
  const unique = [...new Set(files)].sort();
  const diagnostics: Diagnostic[] = [];
  const services: ServiceSource[] = [];
  const tools: ToolSource[] = [];
  for (const file of unique) {
    // Synchronous on purpose: manifests are small, and one awaited thread-pool round trip per
    // file made reading 1,000 of them cost more than parsing them (lint must stay well under 2 s).
    const result = loadManifestText(file, readFileSync(file, 'utf8'));
    diagnostics.push(...result.diagnostics);
    for (const doc of result.documents) {
      const problems = validateDocument(doc);
      diagnostics.push(...problems);
      if (problems.length > 0) continue;
      const manifest = doc.value as ServiceManifest | ToolManifest;
      if (manifest.kind === 'Service') services.push({ doc, manifest });
      else tools.push({ doc, manifest });
    }
  }
  const packs: Pack[] = [];
  for (const service of services) {
    const dir = path.dirname(service.doc.file);
    const clash = packs.find((p) => p.dir === dir);
    if (clash) {
      const at = service.doc.position(['kind']);
      diagnostics.push({
        file: service.doc.file,
        ...at,
        rule: 'one-service-per-pack',
        severity: 'error',
        message: `${clash.service.doc.file} already defines the Service of ${dir}; a pack directory holds exactly one Service, so move this one into its own directory.`,
      });
      continue;
    }
    packs.push({ dir, service, tools: [] });
  }
  for (const tool of tools) {
    const owner = nearestPack(packs, path.dirname(tool.doc.file));
    if (owner) {
      owner.tools.push(tool);
      continue;
    }
    const at = tool.doc.position(['kind']);
    diagnostics.push({
      file: tool.doc.file,
      ...at,
      rule: 'tool-without-service',
      severity: 'error',
      message: 'No Service manifest in this directory or above it; put the Tool inside a pack directory next to (or below) its service.yaml.',
    });
  }
  return { packs, files: unique, diagnostics };
}

function nearestPack(packs: Pack[], dir: string): Pack | undefined {
  let best: Pack | undefined;
  for (const pack of packs) {
    const inside = dir === pack.dir || dir.startsWith(pack.dir + path.sep);
    if (inside && (!best || pack.dir.length > best.dir.length)) best = pack;
  }
  return best;
}

async function listManifestFiles(target: string): Promise<string[]> {
  const info = await stat(target).catch(() => undefined);
  if (!info) throw new Error(`${target}: no such file or directory`);
  if (info.isFile()) return [target];
  const entries = await readdir(target, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && MANIFEST_FILE.test(e.name))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}
