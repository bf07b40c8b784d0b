import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import * as generated from '../../generated/manifest-validator.js';
import { manifestSchema } from '../../engine/manifest/schema.js';
import { compileManifestSchema, schemaDigest, selectManifestValidator, type ManifestValidator } from '../../engine/manifest/schema-validator.js';

// The generated validator (ajv standalone code) must be ajv's own compile of the schema, written
// out: the same verdict and the same errors, in the same order, on every document.

const FILES = ['manifests', path.join('test', 'fixtures')].flatMap((dir) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f))
    .sort(),
);

const DOCUMENTS: unknown[] = FILES.flatMap((file) =>
  parseAllDocuments(readFileSync(file, 'utf8')).flatMap((d) => {
    if (!('errors' in d) || d.errors.length > 0) return [];
    try {
      return [d.toJS()];
    } catch {
      return []; // the fixtures of alias errors
    }
  }),
);

/** Each document broken in the ways manifests are: a field missing, mistyped, misspelt, a bad kind. */
function broken(doc: unknown): unknown[] {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return [];
  const value = doc as Record<string, unknown>;
  const [first, second] = Object.keys(value).filter((k) => k !== 'kind');
  const out: unknown[] = [{ ...value, kind: 'Widget' }, { ...value, extra: true }, { ...value, name: 'bad name!' }];
  if (first) out.push(Object.fromEntries(Object.entries(value).filter(([k]) => k !== first)));
  if (second) out.push({ ...value, [second]: 42 });
  if (typeof value.input === 'object') out.push({ ...value, input: { type: 'object', properties: { a: { type: 'nope' } } } });
  if (Array.isArray(value.scopes)) out.push({ ...value, scopes: [1, {}] });
  return out;
}

const reference = compileManifestSchema(manifestSchema).validate;
const written = generated.validate as ManifestValidator;

describe('the generated manifest validator', () => {
  it('was generated from the schema as it is (else: npm run generate)', () => {
    expect(generated.SCHEMA_DIGEST).toBe(schemaDigest(manifestSchema));
  });

  it('has a corpus of valid and broken documents', () => {
    expect(DOCUMENTS.length).toBeGreaterThan(90);
    expect(DOCUMENTS.filter((d) => reference(d)).length).toBeGreaterThan(30);
  });

  it.each(DOCUMENTS.map((d, i) => [i, d] as const))('gives what ajv gives: document %i, and it broken', (_, doc) => {
    for (const variant of [doc, ...broken(doc)]) {
      const expected = reference(variant);
      const expectedErrors = reference.errors;
      expect(written(variant)).toBe(expected);
      expect(written.errors).toEqual(expectedErrors);
    }
  });
});

describe('selectManifestValidator', () => {
  it('takes the generated validator when its digest is the schema\'s', () => {
    const validate = () => true;
    expect(selectManifestValidator({ SCHEMA_DIGEST: schemaDigest(manifestSchema), validate }, manifestSchema)).toBe(validate);
  });

  it('compiles the schema when the generated validator was made of another', () => {
    const stale = () => true;
    const chosen = selectManifestValidator({ SCHEMA_DIGEST: schemaDigest({ type: 'object' }), validate: stale }, manifestSchema);
    expect(chosen).not.toBe(stale);
    expect(chosen({ kind: 'Widget' })).toBe(false);
  });
});
