/**
 * The bench's own processes (upstream, baseline, load generator) are bundled to plain ESM once per
 * run, so that none of them carries a TypeScript loader (and its extra thread and memory) into
 * the measurements. Packages stay external and resolve from the project's node_modules.
 * toolgate itself runs from its real build (dist/, `npm run build`) through bin/toolgate.js.
 */
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';

export const BUILD_DIR = path.resolve('bench/.build');

export const ENTRIES = {
  upstream: 'bench/servers/upstream.ts',
  baseline: 'bench/servers/baseline.ts',
  hop: 'bench/servers/hop.ts',
  load: 'bench/load/load.ts',
} as const;

export type BuiltEntry = keyof typeof ENTRIES;

/** How every bench process is bundled: plain ESM for Node 20, packages left to node_modules. */
export const BUNDLE_OPTIONS = {
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
} as const satisfies BuildOptions;

export async function buildBenchProcesses(): Promise<Record<BuiltEntry, string>> {
  await build({
    ...BUNDLE_OPTIONS,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.resolve(file)])),
    outdir: BUILD_DIR,
    outExtension: { '.js': '.mjs' },
  });
  return Object.fromEntries(Object.keys(ENTRIES).map((name) => [name, path.join(BUILD_DIR, `${name}.mjs`)])) as Record<BuiltEntry, string>;
}
