import { afterAll, describe, expect, it } from 'vitest';
import { lintPacks } from '../../engine/manifest/lint.js';
import { loadPacks } from '../../engine/manifest/packs.js';
import type { LintRule } from '../../engine/manifest/rules/rule.js';
import { isCredentialHeader, looksLikeSecret } from '../../engine/manifest/rules/secrets.js';
import { COMPOSITE_TOOL, READ_TOOL, SERVICE, WRITE_TOOL, edit, lintFiles, located, removeTempDirs } from './support.js';

afterAll(removeTempDirs);

/** What the rules must accept: the fixtures cover what they refuse. */
describe('lint rules accept', () => {
  it('the base manifests the fixtures start from', async () => {
    const result = await lintFiles({ 'service.yaml': SERVICE, 'read.yaml': READ_TOOL, 'write.yaml': WRITE_TOOL, 'composite.yaml': COMPOSITE_TOOL });
    expect(located(result)).toEqual([]);
  });

  it('an input used only through a whole-input expression such as $idempotencyKey(input)', async () => {
    const tool = edit(
      WRITE_TOOL,
      ['    context:\n', '    note:\n      type: string\n      description: Why the thing is made.\n    context:\n'],
      ['    context: "{{ input.context }}"\n', '    context: "{{ input.context }}"\n    externalId: "{{ $idempotencyKey(input) }}"\n'],
    );
    expect(located(await lintFiles({ 'service.yaml': SERVICE, 'tool.yaml': tool }))).toEqual([]);
  });

  it('a read sent as POST to a query endpoint', async () => {
    const tool = edit(READ_TOOL, ['  method: GET\n  path: /things/{id}\n', '  method: POST\n  path: /things/query\n  body:\n    ids: ["{{ input.id }}"]\n']);
    expect(located(await lintFiles({ 'service.yaml': SERVICE, 'tool.yaml': tool }))).toEqual([]);
  });

  it('a composite write that looks something up with GET before it writes', async () => {
    const tool = edit(
      COMPOSITE_TOOL,
      ['effect: read\nscopes: [things.read]\n', 'effect: write\nwrites:\n  - object: thing\n    action: update\n    contextParam: context\nscopes: [things.write]\n'],
      ['      description: Thing id such as t-1.\n', '      description: Thing id such as t-1.\n    context:\n      type: string\n      enum: [Team]\n      description: Where the thing moves.\n'],
      ['required: [id]', 'required: [id, context]'],
      ['      method: GET\n      path: /users\n      query:\n        id: "{{ steps.thing.ownerId }}"\n', '      method: PATCH\n      path: /things/{id}\n      body:\n        owner: "{{ steps.thing.ownerId }}"\n        context: "{{ input.context }}"\n'],
    );
    expect(located(await lintFiles({ 'service.yaml': SERVICE, 'tool.yaml': tool }))).toEqual([]);
  });

  it.each(['PUT', 'PATCH', 'POST'])('an update sent with %s', async (method) => {
    const tool = edit(WRITE_TOOL, ['action: create', 'action: update'], ['method: POST', `method: ${method}`]);
    expect(located(await lintFiles({ 'service.yaml': SERVICE, 'tool.yaml': tool }))).toEqual([]);
  });

  it.each([
    'http://127.0.0.1:9/api',
    'http://localhost:8080',
    'http://[::1]:8080/v1',
    '${THINGS_URL:-http://sandbox.localhost:9}/v1',
    '${THINGS_URL:-}',
    '${THINGS_URL}/v1',
  ])('the base URL %s', async (baseUrl) => {
    const service = edit(SERVICE, ['baseUrl: https://api.example.com/v1', `baseUrl: "${baseUrl}"`]);
    expect(located(await lintFiles({ 'service.yaml': service, 'tool.yaml': READ_TOOL }))).toEqual([]);
  });

  it('a placeholder credential default', async () => {
    const service = edit(SERVICE, ['accesskey: ${THINGS_ACCESS_KEY}', 'accesskey: ${THINGS_ACCESS_KEY:-dev-key}']);
    expect(located(await lintFiles({ 'service.yaml': service, 'tool.yaml': READ_TOOL }))).toEqual([]);
  });
});

describe('secret heuristics', () => {
  it.each([
    ['Authorization', true],
    ['accesskey', true],
    ['X-API-Key', true],
    ['api_key', true],
    ['X-Auth-Token', true],
    ['Cookie', true],
    ['x-client-secret', true],
    ['Accept', false],
    ['Idempotency-Key', false],
    ['X-Author', false],
    ['Content-Type', false],
  ])('%s is a credential header: %s', (name, expected) => {
    expect(isCredentialHeader(name)).toBe(expected);
  });

  it.each([
    ['dev-key', false],
    ['changeme', false],
    ['local-development-key-please-change', false],
    ['sandbox', false],
    ['c1a9e0f4-77b2-4d3e-9a61-5b8f0d2c6e13', true],
    ['sk-live-abc', true],
    ['ghp_0123456789abcdef', true],
    ['AKIAABCDEFGHIJKLMNOP', true],
    ['Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', true],
    ['9f8e7d6c5b4a39281706ab', true],
  ])('%s looks like a real secret: %s', (value, expected) => {
    expect(looksLikeSecret(value)).toBe(expected);
  });
});

describe('lintPacks', () => {
  it('turns a rule that throws into one lint-internal diagnostic and runs the others', async () => {
    const loaded = await loadPacks(['test/fixtures/packs/notes']);
    const broken: LintRule = {
      id: 'broken',
      description: 'always throws',
      check() {
        throw new Error('boom');
      },
    };
    const reporting: LintRule = { id: 'reporting', description: 'reports once', check: (_, report) => report(loaded.packs[0]!.service.doc, ['name'], 'a message') };
    const diagnostics = lintPacks(loaded, [broken, reporting]);
    expect(diagnostics.map((d) => [d.rule, d.line, d.column])).toEqual([
      ['lint-internal', 1, 1],
      ['reporting', 4, 7],
    ]);
    expect(diagnostics[0]!.message).toContain('boom');
  });
});

describe('compileSchemas', () => {
  it('shares a validator between schemas that differ only in wording, not in constraints', async () => {
    const { compileSchemas } = await import('../../engine/manifest/rules/ajv.js');
    const a = { type: 'object', properties: { id: { type: 'string', description: 'One.' } } };
    const b = { type: 'object', properties: { id: { type: 'string', description: 'Two.' } } };
    const c = { type: 'object', properties: { id: { type: 'string', maxLength: 2 } } };
    const d = { type: 'object', properties: { id: { const: { title: 'x' } } } };
    const e = { type: 'object', properties: { id: { const: { title: 'y' } } } };
    const [va, vb, vc, vd, ve] = compileSchemas([a, b, c, d, e]);
    expect(va).toBe(vb);
    expect(vc).not.toBe(va);
    expect(vd).not.toBe(ve);
    const check = (v: typeof va, value: unknown) => (v && 'check' in v ? v.check(value).map((x) => `${x.instancePath} ${x.keyword}`) : v);
    expect(check(vc, { id: 'abc' })).toEqual(['/id maxLength']);
    expect(check(va, { id: 'abc' })).toEqual([]);
    expect(check(ve, { id: { title: 'x' } })).toEqual(['/id const']);
    expect(check(ve, 7)).toEqual([' type']);
  });
});
