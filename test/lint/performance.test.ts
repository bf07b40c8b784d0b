import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPaths } from '../../engine/manifest/lint.js';
import { COMPOSITE_TOOL, READ_TOOL, SERVICE, WRITE_TOOL } from './support.js';

const EXAMPLE = '\nexamples:\n  - input: { id: t-N }\n    output: { id: t-N, name: Lamp }\n';

/** 1,000 distinct tools (names, descriptions, schemas), a third of them with examples to validate. */
async function largePack(count: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'toolgate-lint-perf-'));
  await mkdir(path.join(dir, 'tools'));
  await writeFile(path.join(dir, 'service.yaml'), SERVICE);
  const bases = [READ_TOOL + EXAMPLE, WRITE_TOOL, COMPOSITE_TOOL];
  await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const text = bases[i % bases.length]!
        .replace(/^name: (\w+)/m, `name: $1_${i}`)
        .replace(/t-N/g, `t-${i}`)
        .replace(/description: (.*)\.\n/, `description: $1 (variant ${i}).\n`);
      return writeFile(path.join(dir, 'tools', `tool-${i}.yaml`), text);
    }),
  );
  return dir;
}

describe('lint performance', () => {
  it('lints 1,000 tool manifests, loading included, well under 2 s', async () => {
    const dir = await largePack(1000);
    await lintPaths(['test/fixtures/packs/notes']); // load modules and compile the manifest schema once
    const started = performance.now();
    const { diagnostics, files } = await lintPaths([dir]);
    const elapsed = performance.now() - started;
    expect(files).toHaveLength(1001);
    expect(diagnostics).toEqual([]);
    expect(elapsed).toBeLessThan(2000);
  }, 30_000);
});
