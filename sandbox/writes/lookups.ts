import type { Sql } from '../../engine/store/index.js';
import { fail, SandboxError, codes } from '../http/errors.js';
import { gsuser, picklist, type ObjectDef } from '../objects/index.js';
import { isGsid } from '../query/values.js';

/** Refuses a GSID that names no record of `object` (GSOBJ_1004), so nothing dangling is written. */
export async function requireRecord<T = Record<string, unknown>>(
  tx: Sql, object: ObjectDef, gsid: string, field: string, columns = 'gsid',
): Promise<T> {
  const { rows } = await tx.query<T>(`SELECT ${columns} FROM ${object.table} WHERE gsid = $1`, [gsid]);
  const row = rows[0];
  if (!row) throw fail.invalidGsid(field, `no ${object.label} with GSID ${gsid}`);
  return row;
}

export interface PicklistItem {
  gsid: string;
  name: string;
  is_closed: boolean;
}

/** Picklists are written by name (Gainsight's Cockpit APIs) or by item GSID. */
export async function picklistItem(tx: Sql, category: string, value: string, field: string): Promise<PicklistItem> {
  const byId = isGsid(value.toUpperCase());
  const { rows } = await tx.query<PicklistItem>(
    `SELECT gsid, name, is_closed FROM ${picklist.table} WHERE category = $1 AND active AND ${byId ? 'gsid = upper($2)' : 'lower(name) = lower($2)'}`,
    [category, value],
  );
  const item = rows[0];
  if (item) return item;
  throw await invalidPicklistValue(tx, category, value, field);
}

/** The error for a picklist value that names no active item: it lists the valid ones. */
export async function invalidPicklistValue(tx: Sql, category: string, value: string, field: string): Promise<SandboxError> {
  const valid = await tx.query<{ name: string }>(
    `SELECT name FROM ${picklist.table} WHERE category = $1 AND active ORDER BY display_order`, [category],
  );
  return new SandboxError(
    codes.invalidField,
    `Invalid value ${JSON.stringify(value)} for ${field}; valid values: ${valid.rows.map((r) => r.name).join(', ')}`,
  );
}

export async function defaultPicklistItem(tx: Sql, category: string): Promise<PicklistItem> {
  const { rows } = await tx.query<PicklistItem>(
    `SELECT gsid, name, is_closed FROM ${picklist.table} WHERE category = $1 AND active ORDER BY is_default DESC, display_order LIMIT 1`,
    [category],
  );
  if (!rows[0]) throw new Error(`picklist ${category} is empty`);
  return rows[0];
}

/** A user by GSID or by email (Gainsight accepts `OwnerEmail`, timeline `Author` is an email). */
export async function userId(tx: Sql, value: string, field: string): Promise<string> {
  const byId = isGsid(value.toUpperCase());
  const { rows } = await tx.query<{ gsid: string }>(
    `SELECT gsid FROM ${gsuser.table} WHERE ${byId ? 'gsid = upper($1)' : 'lower(email) = lower($1)'}`,
    [value],
  );
  if (!rows[0]) throw fail.invalidGsid(field, `no user with ${byId ? 'GSID' : 'email'} ${value}`);
  return rows[0].gsid;
}
