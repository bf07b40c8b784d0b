import type { Sql } from '../../engine/store/index.js';
import { newGsid } from '../gsid.js';
import { codes, fail, SandboxError } from '../http/errors.js';
import type { SandboxDeps } from '../http/state.js';
import { company, findField, gsuser, type FieldDef } from '../objects/index.js';
import type { Json } from '../query/parse-common.js';
import { coerceValue } from '../query/values.js';
import { requireRecord } from './lookups.js';

const SYSTEM = new Set(['Gsid', 'CreatedDate', 'ModifiedDate', 'CreatedBy', 'ModifiedBy']);

/** Company fields a data-API write may set: everything but the system fields, values as in queries. */
function columnsOf(record: Json): { field: FieldDef; value: unknown }[] {
  return Object.entries(record)
    .filter(([name]) => name !== 'Gsid')
    .map(([name, raw]) => {
      const field = findField(company, name);
      if (!field || SYSTEM.has(field.name)) throw fail.invalidField(name, 'Company');
      const value = Array.isArray(raw) && field.type === 'multi'
        ? raw.map((v) => coerceValue(field, v, name))
        : coerceValue(field, raw, name);
      if (field.name === 'Name' && (value === null || value === '')) throw fail.invalidNull('Name');
      return { field, value };
    });
}

async function checkReferences(tx: Sql, values: { field: FieldDef; value: unknown }[]): Promise<void> {
  for (const { field, value } of values) {
    if (field.name === 'Csm' && typeof value === 'string') await requireRecord(tx, gsuser, value, 'Csm');
    if (field.name === 'ParentCompany' && typeof value === 'string') await requireRecord(tx, company, value, 'ParentCompany');
  }
}

function duplicateName(error: unknown): never {
  if (error instanceof Error && /duplicate key/.test(error.message)) {
    throw new SandboxError(codes.duplicate, 'A company with this Name already exists');
  }
  throw error;
}

/** `POST /v1/data/objects/Company` (the pack must never call it; it exists so a refusal means something). */
export async function insertCompany(tx: Sql, record: Json, deps: SandboxDeps): Promise<{ Gsid: string }> {
  const values = columnsOf(record);
  if (!values.some((v) => v.field.name === 'Name')) throw fail.invalidNull('Name');
  await checkReferences(tx, values);
  const gsid = newGsid(company.gsidPrefix);
  const now = deps.clock();
  const columns = ['gsid', ...values.map((v) => v.field.column), 'created_date', 'modified_date', 'created_by', 'modified_by'];
  const params = [gsid, ...values.map((v) => v.value), now, now, deps.currentUserId, deps.currentUserId];
  await tx.query(
    `INSERT INTO ${company.table} (${columns.join(', ')}) VALUES (${params.map((_, i) => `$${i + 1}`).join(', ')})`, params,
  ).catch(duplicateName);
  return { Gsid: gsid };
}

/** `PUT /v1/data/objects/Company?keys=Gsid|Name`: updates the company the key field names. */
export async function updateCompany(tx: Sql, record: Json, key: 'Gsid' | 'Name', deps: SandboxDeps): Promise<{ Gsid: string }> {
  const keyValue = record[key];
  if (typeof keyValue !== 'string' || keyValue === '') throw fail.invalidNull(key);
  const values = columnsOf(record).filter((v) => v.field.name !== key);
  if (values.length === 0) throw fail.invalidNull('fields to update');
  await checkReferences(tx, values);
  const where = key === 'Gsid' ? 'gsid = upper($1)' : 'lower(name) = lower($1)';
  const sets = values.map((v, i) => `${v.field.column} = $${i + 2}`);
  const params = [keyValue, ...values.map((v) => v.value), deps.clock(), deps.currentUserId];
  const { rows } = await tx.query<{ gsid: string }>(
    `UPDATE ${company.table} SET ${sets.join(', ')}, modified_date = $${params.length - 1}, modified_by = $${params.length}
     WHERE ${where} RETURNING gsid`,
    params,
  ).catch(duplicateName);
  if (!rows[0]) throw fail.noMatch(`No Company with ${key} ${keyValue}`);
  return { Gsid: rows[0].gsid };
}
