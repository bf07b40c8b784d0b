/**
 * `npm run build`: the CLI bundled into dist/ with esbuild, the artifact `bin/toolgate.js` (and so
 * `npm start`) runs. Types are checked by `npm run typecheck`, not here.
 *
 *   dist/main.js           engine/cli/main.ts: every command
 *   dist/check-worker.js   engine/manifest/check-worker.ts: the manifest check's worker thread,
 *                          found next to the code that starts it (check-in-worker.ts)
 *   dist/chunk-*.js        code shared by the two, and each command's own code, loaded on use
 *
 * Why a bundle: Node 20 loads an ES module graph file by file (resolve, stat, an asynchronous read
 * and a compile each), and `serve` with auth on loads about 800 files (oidc-provider, zod, the MCP
 * SDK, koa, jose…). One file per chunk cut the main thread's start-up CPU by about 150 ms and the
 * cold start over 1,000 tools by about 110 ms (bench/cold-start-ab.ts, 11 interleaved runs).
 *
 * Left out, resolved from node_modules at run time: the packages engine/require-commonjs.ts loads
 * with `require` (one instance for them and any bundled `import` of them: ajv's standalone code
 * generator checks `instanceof` on ajv's own classes), `yaml` (loaded the same way, on the YAML
 * slow path only), PGlite (it finds its .wasm and .data files next to its own modules), and
 * pg-native (pg's optional native driver, not installed).
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { COMMONJS_PACKAGES } from '../engine/require-commonjs.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST_DIR = path.join(ROOT, 'dist');

const EXTERNAL = [...COMMONJS_PACKAGES, 'yaml', '@electric-sql/pglite', 'pg-native'];

export const DIST_OPTIONS = {
  entryPoints: { main: 'engine/cli/main.ts', 'check-worker': 'engine/manifest/check-worker.ts' },
  bundle: true,
  // Code both entries use, and what `import()` loads on demand (a command, the sandbox, the
  // authorization server), go to chunks beside them: loaded once, and only when used.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  chunkNames: 'chunk-[hash]',
  external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
  // Bundled CommonJS (koa's dependencies, jose…) calls `require` for Node's built-in modules,
  // which an ES module does not have: give each output file one.
  banner: { js: "import { createRequire as __toolgateCreateRequire } from 'node:module'; const require = __toolgateCreateRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** Bundle into `outdir` (emptied first). */
export async function buildDist(outdir = DIST_DIR): Promise<void> {
  await rm(outdir, { recursive: true, force: true });
  await build({ ...DIST_OPTIONS, outdir, absWorkingDir: ROOT });
  // The files are ES modules wherever the directory is put (a test copies it under /tmp).
  await writeFile(path.join(outdir, 'package.json'), `${JSON.stringify({ type: 'module' })}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildDist();
