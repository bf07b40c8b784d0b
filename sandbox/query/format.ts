import type { FieldDef } from '../objects/index.js';
import type { ResolvedPath } from './paths.js';

/**
 * The generic data API returns dates as epoch milliseconds; Cockpit APIs return ISO strings
 * ('yyyy-MM-dd' for dates, full ISO 8601 for datetimes). Picklists stay item GSIDs in both.
 */
export type DateStyle = 'epoch' | 'iso';

export function formatValue(field: FieldDef, raw: unknown, style: DateStyle): unknown {
  const value = field.type === 'datetime' && typeof raw === 'string' ? timestamp(raw) : raw;
  if (value === null || value === undefined) return null;
  if (field.type === 'date' && typeof value === 'string') {
    return style === 'epoch' ? Date.parse(`${value}T00:00:00Z`) : value;
  }
  if (field.type === 'datetime' && value instanceof Date) {
    return style === 'epoch' ? value.getTime() : value.toISOString();
  }
  if ((field.type === 'number' || field.type === 'integer') && typeof value === 'string') return Number(value);
  return value;
}

/**
 * A timestamptz as JSON gives it (ISO 8601 with its offset), read as the database driver reads the
 * column itself (PGlite's timestamptz parser: the infinities stay numbers, the rest new Date()).
 */
function timestamp(text: string): unknown {
  if (text === 'infinity') return Number.POSITIVE_INFINITY;
  if (text === '-infinity') return Number.NEGATIVE_INFINITY;
  return new Date(text);
}

/** Record keys are the select paths exactly as the caller wrote them (`Csm__gr.Email`). */
export function formatRow(
  values: readonly unknown[],
  columns: readonly ResolvedPath[],
  style: DateStyle,
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    record[column.path] = formatValue(column.field, values[i], style);
  });
  return record;
}
