import type { Sql } from '../../engine/store/index.js';
import { newGsid } from '../gsid.js';
import { fail } from '../http/errors.js';
import type { SandboxDeps } from '../http/state.js';
import { callToAction, company, ctaGroup, relationship } from '../objects/index.js';
import type { WriteResult } from './cta.js';
import { defaultPicklistItem, picklistItem, requireRecord, userId } from './lookups.js';
import { RecordReader } from './record-reader.js';

const IGNORED = ['lookups', 'EntityType'];

/** `POST /v2/successPlan` record: type and status by name, owner by GSID or email. */
export async function createSuccessPlan(tx: Sql, raw: unknown, deps: SandboxDeps): Promise<WriteResult> {
  const r = RecordReader.of(raw, 'record');
  const referenceId = r.string(['referenceId', 'ReferenceId']) ?? null;
  const name = r.string('Name', { required: true }) as string;
  const companyId = r.gsid('CompanyId', { required: true }) as string;
  const relationshipId = r.gsid('RelationshipId');
  const owner = r.string(['OwnerId', 'OwnerEmail']);
  const dueDate = r.date('DueDate', { required: true });
  const startDate = r.date('StartDate') ?? deps.clock().toISOString().slice(0, 10);
  const typeName = r.string(['SuccessPlanType', 'type', 'TypeId'], { required: true }) as string;
  const statusName = r.string(['status', 'Status', 'StatusId']);
  const comments = r.html(['Comments', 'Description']);
  r.rejectUnknown('cta_group', IGNORED);

  if (referenceId !== null) {
    const existing = await tx.query<{ gsid: string }>(`SELECT gsid FROM ${ctaGroup.table} WHERE reference_id = $1`, [referenceId]);
    if (existing.rows[0]) return { referenceId, Gsid: existing.rows[0].gsid, created: false };
  }
  await requireRecord(tx, company, companyId, 'CompanyId');
  if (relationshipId) {
    const rel = await requireRecord<{ company_id: string }>(tx, relationship, relationshipId, 'RelationshipId', 'company_id');
    if (rel.company_id !== companyId) throw fail.invalidGsid('RelationshipId', 'the relationship belongs to another company');
  }
  const type = await picklistItem(tx, 'SUCCESS_PLAN_TYPE', typeName, 'SuccessPlanType');
  const status = statusName ? await picklistItem(tx, 'SUCCESS_PLAN_STATUS', statusName, 'status')
    : await defaultPicklistItem(tx, 'SUCCESS_PLAN_STATUS');
  const ownerId = owner ? await userId(tx, owner, 'OwnerId') : deps.currentUserId;
  const gsid = newGsid(ctaGroup.gsidPrefix);
  const now = deps.clock();
  const inserted = await tx.query<{ gsid: string }>(
    `INSERT INTO ${ctaGroup.table} (gsid, name, company_id, relationship_id, entity_type, owner_id, type_id, status_id,
       start_date, due_date, closed_date, is_closed, comments, reference_id, created_date, modified_date, created_by, modified_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$15,$16,$16)
     ON CONFLICT (reference_id) DO NOTHING RETURNING gsid`,
    [gsid, name, companyId, relationshipId ?? null, relationshipId ? 'RELATIONSHIP' : 'COMPANY', ownerId, type.gsid,
      status.gsid, startDate, dueDate, status.is_closed ? now.toISOString().slice(0, 10) : null, status.is_closed,
      comments ?? null, referenceId, now, deps.currentUserId],
  );
  if (inserted.rows[0]) return { referenceId, Gsid: gsid, created: true };
  const again = await tx.query<{ gsid: string }>(`SELECT gsid FROM ${ctaGroup.table} WHERE reference_id = $1`, [referenceId]);
  return { referenceId, Gsid: again.rows[0]?.gsid ?? gsid, created: false };
}

/**
 * `PUT /v2/successPlan` record, by Gsid. Moving a plan to a closed status closes its open
 * objective CTAs: Closed Success when Completed, Closed Lost when Cancelled.
 */
export async function updateSuccessPlan(tx: Sql, raw: unknown, deps: SandboxDeps) {
  const r = RecordReader.of(raw, 'record');
  const gsid = r.gsid('Gsid', { required: true }) as string;
  const sets: string[] = [];
  const params: unknown[] = [gsid];
  const set = (column: string, value: unknown) => sets.push(`${column} = $${params.push(value)}`);
  const name = r.string('Name');
  const dueDate = r.date('DueDate');
  const startDate = r.date('StartDate');
  const typeName = r.string(['SuccessPlanType', 'type', 'TypeId']);
  const statusName = r.string(['status', 'Status', 'StatusId']);
  const comments = r.html(['Comments', 'Description']);
  const owner = r.string(['OwnerId', 'OwnerEmail']);
  r.rejectUnknown('cta_group', [...IGNORED, 'referenceId', 'ReferenceId']);
  await requireRecord(tx, ctaGroup, gsid, 'Gsid');
  if (name !== undefined) set('name', name);
  if (dueDate) set('due_date', dueDate);
  if (startDate) set('start_date', startDate);
  if (typeName) set('type_id', (await picklistItem(tx, 'SUCCESS_PLAN_TYPE', typeName, 'SuccessPlanType')).gsid);
  if (comments !== undefined) set('comments', comments);
  if (owner) set('owner_id', await userId(tx, owner, 'OwnerId'));
  const today = deps.clock().toISOString().slice(0, 10);
  const status = statusName ? await picklistItem(tx, 'SUCCESS_PLAN_STATUS', statusName, 'status') : undefined;
  if (status) {
    set('status_id', status.gsid);
    set('is_closed', status.is_closed);
    set('closed_date', status.is_closed ? today : null);
  }
  if (sets.length === 0) throw fail.invalidNull('fields to update');
  set('modified_date', deps.clock());
  set('modified_by', deps.currentUserId);
  await tx.query(`UPDATE ${ctaGroup.table} SET ${sets.join(', ')} WHERE gsid = $1`, params);
  let closedObjectives = 0;
  if (status?.is_closed) {
    const outcome = await picklistItem(tx, 'CTA_STATUS', status.name === 'Cancelled' ? 'Closed Lost' : 'Closed Success', 'status');
    const closed = await tx.query(
      `UPDATE ${callToAction.table} SET status_id = $2, is_closed = true, closed_date = $3, modified_date = $4, modified_by = $5
       WHERE success_plan_id = $1 AND NOT is_closed`,
      [gsid, outcome.gsid, today, deps.clock(), deps.currentUserId],
    );
    closedObjectives = closed.affectedRows;
  }
  return { Gsid: gsid, closedObjectives };
}
