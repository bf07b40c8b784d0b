import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { typeErrors } from './typescript.js';

const FIXTURE = 'test/typecheck/typed-call.ts';
const DIRECTIVE = /\/\/ @ts-expect-error ([a-z-]+):/;

/** Why each misuse must fail: the TypeScript error code the compiler gives once unsuppressed. */
const EXPECTED: Record<string, number> = {
  'unknown-tool': 2345,
  'missing-argument': 2345,
  'missing-arguments': 2554,
  'wrong-type': 2322,
  'wrong-enum': 2322,
  'unknown-argument': 2353,
  'unknown-output': 2339,
  'raw-unknown-tool': 2345,
  'no-tools': 2345,
};

describe('typed-call typecheck fixture', () => {
  const original = readFileSync(FIXTURE, 'utf8');
  const lines = original.split('\n');
  // A directive suppresses the error on the line after it.
  const misuses = lines.flatMap((line, index) => {
    const label = DIRECTIVE.exec(line)?.[1];
    return label ? [{ label, line: index + 2 }] : [];
  });

  it('compiles as written: every misuse is caught and every correct use is accepted', () => {
    expect(typeErrors(FIXTURE, original)).toEqual([]);
  });

  it('labels every misuse with a known reason', () => {
    expect(misuses.map((m) => m.label).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('fails each misuse for its own reason once the directives are removed', () => {
    const stripped = original.replaceAll('// @ts-expect-error', '// expect-error');
    const errors = typeErrors(FIXTURE, stripped);
    const found = misuses.map(({ label, line }) => ({ label, codes: errors.filter((e) => e.line === line).map((e) => e.code) }));
    expect(found).toEqual(misuses.map(({ label }) => ({ label, codes: [EXPECTED[label]] })));
    const misuseLines = new Set(misuses.map((m) => m.line));
    expect(errors.filter((e) => !misuseLines.has(e.line))).toEqual([]);
  });
});
