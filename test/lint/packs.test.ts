import { afterAll, describe, expect, it } from 'vitest';
import { lintPaths } from '../../engine/manifest/lint.js';
import { removeTempDirs, tempDir } from './support.js';

afterAll(removeTempDirs);

describe('lint on packs', () => {
  it('finds nothing in the valid notes pack, quickly', async () => {
    await lintPaths(['test/fixtures/packs/notes']); // warm: ajv and JSONata compile their own code once
    const started = performance.now();
    const { diagnostics, files } = await lintPaths(['test/fixtures/packs/notes']);
    const elapsed = performance.now() - started;
    expect(diagnostics).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(elapsed).toBeLessThan(200);
  });

  it('reports a tool name used in two files at the later one, naming the first', async () => {
    const { diagnostics } = await lintPaths(['test/fixtures/lint/packs/duplicate-names']);
    expect(diagnostics.map((d) => [d.file, d.rule, d.line, d.column])).toEqual([
      ['test/fixtures/lint/packs/duplicate-names/tools/b-get-thing-again.yaml', 'duplicate-tool-name', 3, 7],
    ]);
    expect(diagnostics[0]!.message).toContain('test/fixtures/lint/packs/duplicate-names/tools/a-get-thing.yaml:3');
  });

  it('accepts an empty directory', async () => {
    const dir = await tempDir();
    expect(await lintPaths([dir])).toEqual({ diagnostics: [], files: [] });
  });
});
