import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST_OPTIONS } from '../../scripts/build.js';

// What `toolgate serve` loads before it starts the manifest check's worker: the modules the serve
// command's chunk imports statically (scripts/build.ts bundles them as `npm run build` does). The
// store drivers are loaded only once one is chosen (engine/store/open-store.ts), so that the worker
// starts before PGlite's modules load, and a server on PostgreSQL never loads them.

let metafile: Metafile;

beforeAll(async () => {
  ({ metafile } = await build({ ...DIST_OPTIONS, outdir: 'dist-graph-test', write: false, metafile: true, logLevel: 'silent' }));
});

/** The chunk holding `input`, and every chunk and package it imports statically, transitively. */
function staticGraphOf(input: string): { inputs: Set<string>; external: Set<string> } {
  const outputs = metafile.outputs;
  const start = Object.keys(outputs).find((file) => input in outputs[file]!.inputs);
  if (!start) throw new Error(`no chunk holds ${input}`);
  const inputs = new Set<string>();
  const external = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const name of Object.keys(outputs[file]!.inputs)) inputs.add(name);
    for (const imported of outputs[file]!.imports) {
      if (imported.kind !== 'import-statement') continue;
      if (imported.external) external.add(imported.path);
      else visit(imported.path);
    }
  };
  visit(start);
  return { inputs, external };
}

describe('what serve loads before it starts the manifest check', () => {
  it('starts the check from the serve command chunk, and loads no store driver there', () => {
    const { inputs, external } = staticGraphOf('engine/cli/serve.ts');
    expect(inputs).toContain('engine/manifest/check-in-worker.ts');
    expect(inputs).toContain('engine/store/open-store.ts');
    expect([...inputs].filter((name) => /store\/(pglite|postgres)-store\.ts$/.test(name))).toEqual([]);
    expect([...external].filter((name) => name.startsWith('@electric-sql/pglite'))).toEqual([]);
  });

  it('loads the PGlite driver on demand, with PGlite itself left to node_modules', () => {
    const { inputs, external } = staticGraphOf('engine/store/pglite-store.ts');
    expect(inputs).toContain('engine/store/pglite-store.ts');
    expect(external).toContain('@electric-sql/pglite');
  });
});
