import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireCommonJs } from '../../engine/require-commonjs.js';

// requireCommonJs loads a CommonJS package without the ESM loader's scan of its exports. It must
// give the very module an `import` gives (one instance per thread: instanceof checks on its
// classes and errors hold either way), and no server module may `import` a package it lists,
// which would bring the scan back to start-up without any test failing.

const ROOT = path.resolve(import.meta.dirname, '../..');
const HELPER = readFileSync(path.join(ROOT, 'engine/require-commonjs.ts'), 'utf8');
/** The packages the helper lists, read from its source so that this test follows the list. */
const LISTED = [...HELPER.matchAll(/^\s+'?([@\w/.-]+)'?: typeof import\(/gm)].map((m) => m[1]!) as Array<Parameters<typeof requireCommonJs>[0]>;

/** Static and dynamic value imports and re-exports; `import type` is erased and loads nothing. */
const VALUE_IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

describe('requireCommonJs', () => {
  it('lists the CommonJS packages the server loads', () => {
    expect(LISTED).toEqual(expect.arrayContaining(['ajv', 'ajv-formats', 'jsonata', 'pg', 'pino', 'undici']));
  });

  it.each(LISTED)('gives %s as the same module instance as an import', async (name) => {
    const imported = (await import(name)) as { default: unknown };
    expect(requireCommonJs(name)).toBe(imported.default);
  });

  it('is the only way engine/ and sandbox/ load the packages it lists', () => {
    const offenders: string[] = [];
    for (const file of ['engine', 'sandbox'].flatMap((dir) => sourceFiles(path.join(ROOT, dir)))) {
      for (const m of readFileSync(file, 'utf8').matchAll(VALUE_IMPORT)) {
        const specifier = m[1] ?? m[2]!;
        if ((LISTED as string[]).includes(specifier)) offenders.push(`${path.relative(ROOT, file)}: ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('finds a value import in the forms the scan must catch', () => {
    const found = (text: string) => [...text.matchAll(VALUE_IMPORT)].map((m) => m[1] ?? m[2]);
    expect(found("import jsonata from 'jsonata';")).toEqual(['jsonata']);
    expect(found("import {\n  Ajv,\n  type ErrorObject,\n} from 'ajv';")).toEqual(['ajv']);
    expect(found("import * as undici from 'undici';")).toEqual(['undici']);
    expect(found("export { pino } from 'pino';")).toEqual(['pino']);
    expect(found("const pg = await import('pg');")).toEqual(['pg']);
    expect(found("import 'ajv-formats';")).toEqual(['ajv-formats']);
    expect(found("import type { Pool } from 'pg';\nimport type Ajv from 'ajv';")).toEqual([]);
  });
});
