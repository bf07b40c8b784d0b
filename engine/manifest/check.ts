import type { ServiceManifest, ToolManifest } from '../../generated/manifest.js';
import type { Diagnostic } from './diagnostic.js';
import { lintPacks } from './lint.js';
import { loadPacks } from './packs.js';

/**
 * A loaded pack reduced to plain data: its directory and its manifests with their files. This is
 * all the compile reads, and unlike a Pack (whose documents hold YAML nodes and closures) it can
 * cross to another thread.
 */
export interface PackData {
  dir: string;
  service: { file: string; manifest: ServiceManifest };
  tools: Array<{ file: string; manifest: ToolManifest }>;
}

export interface CheckedManifests {
  packs: PackData[];
  /** The load diagnostics, then the lint rules', each list in its own order, as serve reports them. */
  diagnostics: Diagnostic[];
}

/**
 * Load and lint the manifests under `paths`. The diagnostics are located here, where the YAML
 * positions are; only plain data leaves (see check-in-worker.ts). `onLoaded` gets the packs as
 * soon as they are loaded, before the lint, so that a caller on another thread can start on them.
 */
export async function checkManifests(paths: readonly string[], onLoaded?: (packs: PackData[]) => void): Promise<CheckedManifests> {
  const loaded = await loadPacks(paths);
  const packs = loaded.packs.map((pack) => ({
    dir: pack.dir,
    service: { file: pack.service.doc.file, manifest: pack.service.manifest },
    tools: pack.tools.map((tool) => ({ file: tool.doc.file, manifest: tool.manifest })),
  }));
  onLoaded?.(packs);
  return { packs, diagnostics: [...loaded.diagnostics, ...lintPacks(loaded)] };
}
