import { createRequire } from 'node:module';

/**
 * The CommonJS packages toolgate's modules load, each typed as `require` gives it (resolution-mode
 * "require": the CommonJS typings where a package ships two). Koa and @koa/router stay `import`s:
 * oidc-provider imports Koa itself, and the router's files are small. An `import` of a package
 * listed here anywhere in engine/ or sandbox/ fails test/unit/require-commonjs.test.ts.
 */
interface CommonJsPackages {
  ajv: typeof import('ajv', { with: { 'resolution-mode': 'require' } });
  'ajv-formats': typeof import('ajv-formats', { with: { 'resolution-mode': 'require' } });
  jsonata: typeof import('jsonata', { with: { 'resolution-mode': 'require' } });
  pg: typeof import('pg', { with: { 'resolution-mode': 'require' } });
  pino: typeof import('pino', { with: { 'resolution-mode': 'require' } });
  undici: typeof import('undici', { with: { 'resolution-mode': 'require' } });
}

/**
 * The same names as data: the build (scripts/build.ts) leaves these packages out of the bundle, so
 * that a bundled `import` of one of them (another package's, or a subpath such as ajv's standalone
 * code generator) and this module's `require` share one instance, as they do unbundled.
 */
export const COMMONJS_PACKAGES = ['ajv', 'ajv-formats', 'jsonata', 'pg', 'pino', 'undici'] as const satisfies readonly (keyof CommonJsPackages)[];
// Every package of the interface is in the list (a missing one makes this `false`, a type error).
const listed: Exclude<keyof CommonJsPackages, (typeof COMMONJS_PACKAGES)[number]> extends never ? true : false = true;
void listed;

const requireHere = createRequire(import.meta.url);

/**
 * A CommonJS package loaded by `require` instead of `import`. On Node 20 an `import` of CommonJS
 * first scans the module's source for its export names (cjs-module-lexer, plain JavaScript) in
 * each thread that imports it, and V8 then optimizes the scanner in each isolate: the manifest
 * check's worker took ~85 ms to import jsonata (300 KB), ajv and ajv-formats, ~45 ms to require
 * them. `require` runs the same module without the scan, and gives the instance an `import` of it
 * in the same thread gives.
 */
export function requireCommonJs<Name extends keyof CommonJsPackages>(name: Name): CommonJsPackages[Name] {
  return requireHere(name) as CommonJsPackages[Name];
}
