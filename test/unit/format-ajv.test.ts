import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { formatInputErrors } from '../../engine/policy/format-ajv.js';
import { createToolAjv } from '../../engine/runtime/registry.js';

// Argument errors as one message a model can act on: each names the field and the rule it broke.

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'context'],
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 10 },
    context: { type: 'string', enum: ['Project', 'Personal'] },
    kind: { const: 'note' },
    limit: { type: 'integer', minimum: 1, maximum: 100 },
    ratio: { type: 'number', exclusiveMinimum: 0 },
    due: { type: 'string', format: 'date' },
    at: { type: 'string', format: 'date-time' },
    email: { type: 'string', format: 'email' },
    link: { type: 'string', format: 'uri' },
    code: { type: 'string', pattern: '^[A-Z]{3}$' },
    tags: { type: 'array', minItems: 1, maxItems: 2, uniqueItems: true, items: { type: 'string' } },
    owner: {
      type: 'object',
      additionalProperties: false,
      required: ['id'],
      properties: { id: { type: 'string' }, 'a/b': { type: 'integer' } },
    },
    items: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } },
  },
};

const validate = createToolAjv().compile(schema);
const accepted = Object.keys(schema.properties);

function messageFor(args: Record<string, unknown>): string {
  expect(validate(args)).toBe(false);
  return formatInputErrors(validate.errors ?? [], accepted);
}

const ok = { title: 'Plan', context: 'Project' };

describe('formatInputErrors', () => {
  it.each([
    ['missing required', { title: 'Plan' }, '`context` is required'],
    ['unknown argument', { ...ok, colour: 'red' }, `\`colour\` is not an argument of this tool (accepted: ${accepted.join(', ')})`],
    ['unknown nested field', { ...ok, owner: { id: 'u-1', name: 'x' } }, '`owner.name` is not an accepted field'],
    ['wrong enum', { ...ok, context: 'Team' }, '`context` must be one of: Project, Personal'],
    ['wrong const', { ...ok, kind: 'task' }, '`kind` must be "note"'],
    ['wrong type', { ...ok, limit: '5' }, '`limit` must be of type integer'],
    ['not an integer', { ...ok, limit: 2.5 }, '`limit` must be of type integer'],
    ['too small', { ...ok, limit: 0 }, '`limit` must be >= 1'],
    ['too big', { ...ok, limit: 101 }, '`limit` must be <= 100'],
    ['exclusive minimum', { ...ok, ratio: 0 }, '`ratio` must be > 0'],
    ['too short', { ...ok, title: '' }, '`title` must NOT have fewer than 1 characters'],
    ['too long', { ...ok, title: 'x'.repeat(11) }, '`title` must NOT have more than 10 characters'],
    ['bad date', { ...ok, due: '31/01/2026' }, '`due` must be a valid date (YYYY-MM-DD)'],
    ['impossible date', { ...ok, due: '2026-02-30' }, '`due` must be a valid date (YYYY-MM-DD)'],
    ['bad date-time', { ...ok, at: 'tomorrow' }, '`at` must be a valid date-time (ISO 8601, e.g. 2026-01-31T09:00:00Z)'],
    ['bad email', { ...ok, email: 'nobody' }, '`email` must be a valid email'],
    ['bad uri', { ...ok, link: 'not a uri' }, '`link` must be a valid uri'],
    ['pattern', { ...ok, code: 'abc' }, '`code` must match pattern "^[A-Z]{3}$"'],
    ['too few items', { ...ok, tags: [] }, '`tags` must NOT have fewer than 1 items'],
    ['too many items', { ...ok, tags: ['a', 'b', 'c'] }, '`tags` must NOT have more than 2 items'],
    ['duplicate items', { ...ok, tags: ['a', 'a'] }, '`tags` must NOT have duplicate items (items ## 1 and 0 are identical)'],
    ['wrong item type', { ...ok, tags: [1] }, '`tags[0]` must be of type string'],
    ['nested required in an array item', { ...ok, items: [{ id: 'x' }, {}] }, '`items[1].id` is required'],
    ['nested wrong type', { ...ok, owner: { id: 7 } }, '`owner.id` must be of type string'],
    ['escaped JSON pointer segment', { ...ok, owner: { id: 'u', 'a/b': 'x' } }, '`owner.a/b` must be of type integer'],
    ['the arguments themselves', [] as unknown as Record<string, unknown>, 'the arguments must be of type object'],
  ])('%s', (_, args, message) => {
    expect(messageFor(args)).toBe(message);
  });

  it('lists every problem once, joined with "; "', () => {
    const text = messageFor({ context: 'Team', colour: 'red', limit: 0 });
    expect(text.split('; ').sort()).toEqual(
      ['`title` is required', `\`colour\` is not an argument of this tool (accepted: ${accepted.join(', ')})`, '`context` must be one of: Project, Personal', '`limit` must be >= 1'].sort(),
    );
  });

  it('keeps at most 8 problems', () => {
    const errors = Array.from({ length: 12 }, (_, i) => ({ keyword: 'required', instancePath: '', schemaPath: '#/required', params: { missingProperty: `f${i}` } })) as ErrorObject[];
    expect(formatInputErrors(errors, []).split('; ')).toHaveLength(8);
  });

  it('says "none" when the tool takes no arguments', () => {
    const none = createToolAjv().compile({ type: 'object', additionalProperties: false, properties: {} });
    expect(none({ x: 1 })).toBe(false);
    expect(formatInputErrors(none.errors ?? [], [])).toBe('`x` is not an argument of this tool (accepted: none)');
  });

  it('checks a schema against the meta-schema, except in the registry of linted packs, whose linter has (rule invalid-json-schema)', () => {
    const unsound = { type: 'object', properties: { name: { type: 'string', minLength: 'two' } } };
    expect(() => createToolAjv().compile(unsound)).toThrow(/schema is invalid/);
    const linted = createToolAjv({ linted: true });
    expect(() => linted.compile({ type: 'object', properties: { name: { type: 'string', minLength: 2 } } })).not.toThrow();
    // The meta-schema's own validator was never compiled: what it costs is saved from the first call.
    expect(() => linted.compile(unsound)).not.toThrow(/schema is invalid/);
  });
});
