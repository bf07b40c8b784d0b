import type { ErrorObject } from 'ajv';

/**
 * Turn ajv errors into one message a model can act on: it names each field and the rule it broke,
 * e.g. "`priority` must be one of: High, Medium, Low". Unknown fields list the accepted ones.
 */
export function formatInputErrors(errors: readonly ErrorObject[], accepted: readonly string[]): string {
  const lines = new Set<string>();
  // An `if`/`then` failure comes with the errors of the `then` schema, which say what is wrong.
  for (const error of errors) if (error.keyword !== 'if') lines.add(describe(error, accepted));
  return [...lines].slice(0, 8).join('; ');
}

function field(error: ErrorObject, extra?: string): string {
  const parts = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  if (parts.length === 0) return 'the arguments';
  return '`' + parts.reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out ? `${out}.${p}` : p), '') + '`';
}

function describe(error: ErrorObject, accepted: readonly string[]): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${field(error, String(p.missingProperty))} is required`;
    case 'additionalProperties': {
      const name = field(error, String(p.additionalProperty));
      return error.instancePath === ''
        ? `${name} is not an argument of this tool (accepted: ${accepted.join(', ') || 'none'})`
        : `${name} is not an accepted field`;
    }
    case 'enum':
      return `${field(error)} must be one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `${field(error)} must be ${JSON.stringify(p.allowedValue)}`;
    case 'type':
      return `${field(error)} must be of type ${String(p.type)}`;
    case 'format':
      return `${field(error)} must be a valid ${String(p.format)}${p.format === 'date' ? ' (YYYY-MM-DD)' : p.format === 'date-time' ? ' (ISO 8601, e.g. 2026-01-31T09:00:00Z)' : ''}`;
    case 'minLength':
    case 'maxLength':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minItems':
    case 'maxItems':
    case 'pattern':
    case 'uniqueItems':
      return `${field(error)} ${error.message ?? 'is invalid'}`;
    default:
      return `${field(error)} ${error.message ?? 'is invalid'}`;
  }
}
