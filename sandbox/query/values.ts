import { fail } from '../http/errors.js';
import type { FieldDef } from '../objects/index.js';

const GSID = /^[0-9A-Z]{36}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function isGsid(value: unknown): value is string {
  return typeof value === 'string' && GSID.test(value);
}

/** 'yyyy-MM-dd' (a real calendar day), an ISO datetime (its UTC day) or epoch ms → 'yyyy-MM-dd'. */
export function parseDate(raw: unknown): string | undefined {
  if (typeof raw === 'string') {
    const parts = DATE.exec(raw);
    if (parts) {
      const [y, m, d] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
      const date = new Date(Date.UTC(y, m - 1, d));
      return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? raw : undefined;
    }
  }
  const instant = parseDateTime(raw);
  return instant ? instant.toISOString().slice(0, 10) : undefined;
}

/** ISO 8601 (with or without zone; no zone means UTC), 'yyyy-MM-dd' (midnight UTC) or epoch ms. */
export function parseDateTime(raw: unknown): Date | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? new Date(raw) : undefined;
  if (typeof raw !== 'string') return undefined;
  if (DATE.test(raw)) return parseDate(raw) ? new Date(`${raw}T00:00:00Z`) : undefined;
  if (!DATETIME.test(raw)) return undefined;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(raw) ? raw : `${raw}Z`;
  const date = new Date(zoned.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function gsidValue(field: FieldDef, raw: unknown, label: string): string {
  const text = typeof raw === 'string' ? raw.trim().toUpperCase() : undefined;
  if (!text || !GSID.test(text)) {
    throw fail.invalidGsid(label, `${JSON.stringify(raw)} is not a valid GSID (36 characters, 0-9 A-Z)`);
  }
  return text;
}

/**
 * Turns one request value into the parameter bound for `field`, or refuses it with the error code
 * Gainsight uses for that kind of field. `null` passes through; operators decide what it means.
 */
export function coerceValue(field: FieldDef, raw: unknown, label = field.name): unknown {
  if (raw === null) return null;
  switch (field.type) {
    case 'string':
    case 'richtext':
    case 'email':
      if (typeof raw === 'string') return raw;
      if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
      throw fail.invalidValue(label, 'a string');
    case 'number':
    case 'integer': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) throw fail.invalidValue(label, 'a number');
      if (field.type === 'integer' && !Number.isInteger(n)) throw fail.invalidValue(label, 'an integer');
      return n;
    }
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw fail.invalidValue(label, 'true or false');
    case 'date': {
      const date = parseDate(raw);
      if (!date) throw fail.invalidDate(label);
      return date;
    }
    case 'datetime': {
      const instant = parseDateTime(raw);
      if (!instant) throw fail.invalidDateTime(label);
      return instant;
    }
    case 'gsid':
    case 'picklist':
      return gsidValue(field, raw, label);
    case 'multi':
      if (field.lookup || field.picklist) return gsidValue(field, raw, label);
      if (typeof raw === 'string') return raw;
      throw fail.invalidValue(label, 'a string');
  }
}
