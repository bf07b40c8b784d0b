import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPaths, lintRules } from '../../engine/manifest/lint.js';

/**
 * Each file in test/fixtures/lint/ is one invalid manifest (a Service, `---`, a Tool) whose header
 * comments list every diagnostic it must produce, `# expect: rule @ line:col [warning]`. The
 * comparison is exact: a diagnostic that moves, disappears or appears fails the test.
 */
const DIR = path.join('test', 'fixtures', 'lint');
const EXPECT = /^# expect: ([a-z0-9-]+) @ (\d+):(\d+)( warning)?\s*$/;

const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((name) => {
    const file = path.join(DIR, name);
    const expected = readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line) => {
        const m = EXPECT.exec(line);
        return m ? [`${m[1]} @ ${m[2]}:${m[3]} ${m[4] ? 'warning' : 'error'}`] : [];
      });
    return { name, file, expected };
  });

describe('lint fixtures', () => {
  it('has a corpus of at least 35 invalid manifests, each with expectations', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(35);
    for (const f of fixtures) expect(f.expected, f.name).not.toEqual([]);
  });

  it.each(fixtures)('$name', async ({ file, expected }) => {
    const { diagnostics } = await lintPaths([file]);
    const actual = diagnostics.map((d) => `${d.rule} @ ${d.line}:${d.column} ${d.severity}`);
    expect(actual.sort()).toEqual([...expected].sort());
    for (const d of diagnostics) {
      expect(d.file).toBe(file);
      expect(d.message.length, d.message).toBeGreaterThan(20);
    }
  });

  it('covers every lint rule and the load rules', () => {
    const covered = new Set(fixtures.flatMap((f) => f.expected.map((e) => e.split(' ')[0])));
    const ids = [...lintRules.map((r) => r.id), 'yaml-syntax', 'yaml-duplicate-key', 'schema', 'tool-name', 'one-service-per-pack', 'tool-without-service'];
    expect(ids.filter((id) => !covered.has(id))).toEqual([]);
  });
});
