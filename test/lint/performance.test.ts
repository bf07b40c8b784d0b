import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintPaths } from '../../engine/manifest/lint.js';
import { COMPOSITE_TOOL, READ_TOOL, SERVICE, WRITE_TOOL, removeTempDirs, tempDir } from './support.js';

afterAll(removeTempDirs);

const READ_EXAMPLE = '\nexamples:\n  - input: { id: t-N }\n    output: { id: t-N, name: Lamp }\n';
const WRITE_EXAMPLE = '\nexamples:\n  - input: { name: Lamp N, context: Team }\n';
const COMPOSITE_EXAMPLE = '\nexamples:\n  - input: { id: t-N }\n';

/** 1,000 distinct tools (names, descriptions, input schemas), each with an example to validate. */
async function largePack(count: number): Promise<string> {
  const dir = await tempDir();
  await mkdir(path.join(dir, 'tools'));
  await writeFile(path.join(dir, 'service.yaml'), SERVICE);
  const bases = [READ_TOOL + READ_EXAMPLE, WRITE_TOOL + WRITE_EXAMPLE, COMPOSITE_TOOL + COMPOSITE_EXAMPLE];
  await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const text = bases[i % bases.length]!
        .replace(/^name: (\w+)/m, `name: $1_${i}`)
        .replace(/t-N|Lamp N/g, (m) => `${m.slice(0, -1)}${i}`)
        .replace(/description: (.*)\.\n/, `description: $1 (variant ${i}).\n`)
        // Distinct constraints, not only wording: every tool needs validators of its own.
        .replace(/(Thing id such as t-1|Name of the thing)\.\n/, `$1.\n      maxLength: ${100 + i}\n`);
      return writeFile(path.join(dir, 'tools', `tool-${i}.yaml`), text);
    }),
  );
  return dir;
}

describe('lint performance', () => {
  // Measured at 1.2–1.9 s of CPU on a busy two-core machine, most of it parsing YAML and compiling
  // the examples' validators (ajv). The bound is loose on purpose: the suite shares the cores
  // with other test files, and the test is here to catch a rule that grows worse than linear.
  it('lints 1,000 tool manifests, loading included', async () => {
    const dir = await largePack(1000);
    await lintPaths(['test/fixtures/packs/notes']); // load modules and compile the manifest schema once
    // CPU time, not wall time: what is measured is the linter's own cost, not the neighbours'.
    const started = process.cpuUsage();
    const { diagnostics, files } = await lintPaths([dir]);
    const { user, system } = process.cpuUsage(started);
    expect(files).toHaveLength(1001);
    expect(diagnostics).toEqual([]);
    expect((user + system) / 1000).toBeLessThan(3000);
  }, 30_000);
});
