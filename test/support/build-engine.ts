import { copyFile, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { buildDist } from '../../scripts/build.js';

export interface EngineBuild {
  /** Laid out as the sources are: `<dir>/engine/cli/main.js`, … */
  dir: string;
  remove(): Promise<void>;
}

export interface BundleBuild {
  /** The bundled CLI, as `npm run build` makes dist/main.js. */
  main: string;
  dir: string;
  remove(): Promise<void>;
}

/**
 * The sources bundled exactly as `npm run build` bundles dist/ (scripts/build.ts), into a fresh
 * directory: what bin/toolgate.js and `npm start` run. The packages left out of the bundle resolve
 * from the project's node_modules, linked in.
 */
export async function buildBundle(): Promise<BundleBuild> {
  const dir = await mkdtemp(path.join(tmpdir(), 'toolgate-dist-'));
  await buildDist(path.join(dir, 'dist'));
  await symlink(path.resolve('node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { main: path.join(dir, 'dist', 'main.js'), dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The engine's sources transpiled file by file to plain ESM, laid out as the sources are, so that
 * a test can import one module of it. What runs only from a build (the manifest check's worker
 * thread: a worker cannot load TypeScript under the test runner) is tested from this fresh build,
 * never from a dist/ that may be stale; the CLI as shipped, from buildBundle(). Packages resolve
 * from the project's node_modules, linked in.
 */
export async function buildEngine(): Promise<EngineBuild> {
  const dir = await mkdtemp(path.join(tmpdir(), 'toolgate-build-'));
  const sources = [...(await filesUnder('engine')), ...(await filesUnder('generated'))];
  await build({
    entryPoints: sources.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
    outdir: dir,
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    logLevel: 'warning',
  });
  for (const file of sources.filter((f) => f.endsWith('.json'))) await copyFile(file, path.join(dir, file));
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  await symlink(path.resolve('node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
