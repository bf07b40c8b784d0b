import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

/**
 * initdb inside WASM costs about 3 s, loading a dumped cluster well under 1 s. The first open on a
 * machine dumps a pristine cluster into a cache file named after the PGlite version; later opens
 * (each test file, each `--reset`) start from it. The file is written atomically (rename), so
 * parallel test workers at worst build it twice.
 */
export async function createPgliteFromTemplate(
  options: PGliteOptions,
  cacheDir: string | false,
): Promise<PGlite> {
  if (cacheDir === false) return PGlite.create(options);
  const file = join(cacheDir, `toolgate-pglite-${await pgliteVersion()}.tar.gz`);
  const template = await readFile(file).catch(() => undefined);
  if (template) {
    try {
      return await PGlite.create({ ...options, loadDataDir: new Blob([template]) });
    } catch {
      // A truncated or foreign file: fall through, rebuild it.
      await rm(file, { force: true });
      if (options.dataDir) await rm(options.dataDir, { recursive: true, force: true });
    }
  }
  const fresh = await PGlite.create({ ...options, dataDir: undefined });
  const dump = await fresh.dumpDataDir('gzip');
  await writeAtomically(file, new Uint8Array(await dump.arrayBuffer())).catch(() => undefined);
  if (!options.dataDir) return fresh;
  await fresh.close();
  return PGlite.create({ ...options, loadDataDir: dump });
}

async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.${Date.now()}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, file);
}

let cachedVersion: string | undefined;

async function pgliteVersion(): Promise<string> {
  if (cachedVersion) return cachedVersion;
  const wasm = createRequire(import.meta.url).resolve('@electric-sql/pglite/pglite.wasm');
  const manifest = JSON.parse(await readFile(join(dirname(wasm), '..', 'package.json'), 'utf8')) as {
    version?: string;
  };
  cachedVersion = manifest.version ?? 'unknown';
  return cachedVersion;
}

export function defaultTemplateCacheDir(): string {
  return join(tmpdir(), 'toolgate-pglite');
}
