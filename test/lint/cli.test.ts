import { afterAll, describe, expect, it } from 'vitest';
import { githubCommand, runLintCommand } from '../../engine/cli/lint.js';
import { removeTempDirs, tempDir } from './support.js';

afterAll(removeTempDirs);

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runLintCommand(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const ERRORS = 'test/fixtures/lint/unknown-scope.yaml'; // one error
const WARNINGS = 'test/fixtures/lint/scope-description.yaml'; // one warning
const CLEAN = 'test/fixtures/packs/notes';

describe('toolgate lint', () => {
  it('text: one line per diagnostic and a summary; exit 1 on an error', async () => {
    const { code, out } = await run([ERRORS]);
    expect(code).toBe(1);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^test\/fixtures\/lint\/unknown-scope\.yaml:44:23: error \[unknown-scope\] The scope `things\.admin` is not defined/);
    expect(lines[1]).toBe('1 file checked: 1 error, 0 warnings.');
  });

  it('exits 0 when there are only warnings', async () => {
    const { code, out } = await run([WARNINGS]);
    expect(code).toBe(0);
    expect(out).toContain('warning [scope-description]');
    expect(out).toContain('1 file checked: 0 errors, 1 warning.');
  });

  it('exits 0 on a clean pack', async () => {
    const { code, out } = await run([CLEAN]);
    expect(code).toBe(0);
    expect(out).toMatch(/^\d+ files checked: 0 errors, 0 warnings\.$/);
  });

  it('json: an array of located diagnostics', async () => {
    const { code, out } = await run([ERRORS, '--format', 'json']);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual([
      { file: ERRORS, line: 44, column: 23, rule: 'unknown-scope', severity: 'error', message: expect.stringContaining('things.admin') },
    ]);
  });

  it('json: an empty array for a clean pack', async () => {
    const { code, out } = await run(['--format=json', CLEAN]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([]);
  });

  it('github: workflow commands with escaped properties', async () => {
    const errors = await run([ERRORS, '--format', 'github']);
    expect(errors.code).toBe(1);
    expect(errors.out).toMatch(/^::error file=test\/fixtures\/lint\/unknown-scope\.yaml,line=44,col=23,title=unknown-scope::The scope [^\n]+$/);
    const warnings = await run([WARNINGS, '--format', 'github']);
    expect(warnings.code).toBe(0);
    expect(warnings.out).toMatch(/^::warning file=test\/fixtures\/lint\/scope-description\.yaml,line=15,col=18,title=scope-description::The description [^\n]+$/);
    expect(githubCommand({ file: 'a,b:c.yaml', line: 1, column: 2, rule: 'r', severity: 'error', message: '100% sure\nnext' })).toBe(
      '::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=r::100%25 sure%0Anext',
    );
  });

  it('says so when there is nothing to lint, and succeeds', async () => {
    const dir = await tempDir();
    const { code, out } = await run([dir]);
    expect(code).toBe(0);
    expect(out).toBe(`No manifests found in ${dir}.`);
  });

  it.each([
    [['--format', 'xml', CLEAN], /--format must be one of text, json, github/],
    [['--colour', CLEAN], /Unknown option '--colour'/],
    [['test/fixtures/does-not-exist'], /no such file or directory/],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('prints help and exits 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: toolgate lint \[PATH…\]/);
  });

  it('lists the rules with --rules', async () => {
    const { code, out } = await run(['--rules']);
    expect(code).toBe(0);
    expect(out).toMatch(/^duplicate-tool-name +Tool names are unique/m);
    expect(out).toMatch(/^write-not-permitted +/m);
  });
});
