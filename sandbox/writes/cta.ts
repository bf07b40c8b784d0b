import type { Sql } from '../../engine/store/index.js';
import { newGsid } from '../gsid.js';
import { fail } from '../http/errors.js';
import type { SandboxDeps } from '../http/state.js';
import { callToAction } from '../objects/index.js';
import { insertCta } from './cta-insert.js';
import { picklistItem, requireRecord, userId } from './lookups.js';
import { RecordReader } from './record-reader.js';

export interface WriteResult {
  referenceId: string | null;
  Gsid: string;
  /** false when an earlier create with the same referenceId answered instead (idempotent resend). */
  created: boolean;
}

const today = (deps: SandboxDeps) => deps.clock().toISOString().slice(0, 10);

/**
 * `POST /v2/cockpit/cta` record: picklists by name, `referenceId` makes a resend safe. It writes in
 * one statement (insertCta) and only reads besides, so a lone create runs without a transaction
 * (bulkWrite's oneStatement): a second write here would need one again.
 */
export async function createCta(tx: Sql, raw: unknown, deps: SandboxDeps): Promise<WriteResult> {
  const r = RecordReader.of(raw, 'record');
  const referenceId = r.string(['referenceId', 'ReferenceId']) ?? null;
  const companyId = r.gsid('CompanyId', { required: true }) as string;
  const relationshipId = r.gsid('RelationshipId');
  const name = r.string('Name', { required: true }) as string;
  const typeName = r.string(['type', 'TypeName', 'TypeId'], { required: true }) as string;
  const statusName = r.string(['status', 'StatusName', 'StatusId']);
  const priorityName = r.string(['priority', 'PriorityName', 'PriorityId']);
  const reasonName = r.string(['reason', 'ReasonName', 'ReasonId']);
  const dueDate = r.date('DueDate', { required: true }) as string;
  const comments = r.html('Comments');
  const important = r.boolean('IsImportant') ?? false;
  const owner = r.string(['OwnerId', 'OwnerEmail']);
  const successPlanId = r.gsid('SuccessPlanId');
  r.rejectUnknown('call_to_action', ['EntityType']);

  const gsid = newGsid(callToAction.gsidPrefix);
  const result = await insertCta(tx, {
    gsid, referenceId, name, companyId, relationshipId, successPlanId, typeName, statusName, priorityName, reasonName, owner,
    dueDate, important, comments, currentUserId: deps.currentUserId, now: deps.clock(), today: today(deps),
  });
  if (result.existing !== null) return { referenceId, Gsid: result.existing, created: false };
  if (result.inserted) return { referenceId, Gsid: result.inserted, created: true };
  const again = await tx.query<{ gsid: string }>(`SELECT gsid FROM ${callToAction.table} WHERE reference_id = $1`, [referenceId]);
  return { referenceId, Gsid: again.rows[0]?.gsid ?? gsid, created: false };
}

/** `PUT /v2/cockpit/cta` record, by Gsid. A closed status closes the CTA; an open one reopens it. */
export async function updateCta(tx: Sql, raw: unknown, deps: SandboxDeps): Promise<{ Gsid: string }> {
  const r = RecordReader.of(raw, 'record');
  const gsid = r.gsid('Gsid', { required: true }) as string;
  const sets: string[] = [];
  const params: unknown[] = [gsid];
  const set = (column: string, value: unknown) => sets.push(`${column} = $${params.push(value)}`);
  const name = r.string('Name');
  const typeName = r.string(['type', 'TypeName', 'TypeId']);
  const statusName = r.string(['status', 'StatusName', 'StatusId']);
  const priorityName = r.string(['priority', 'PriorityName', 'PriorityId']);
  const reasonName = r.string(['reason', 'ReasonName', 'ReasonId']);
  const dueDate = r.date('DueDate');
  const comments = r.html('Comments');
  const important = r.boolean('IsImportant');
  const owner = r.string(['OwnerId', 'OwnerEmail']);
  r.rejectUnknown('call_to_action', ['referenceId', 'ReferenceId']);
  await requireRecord(tx, callToAction, gsid, 'Gsid');
  if (name !== undefined) set('name', name);
  if (typeName) set('type_id', (await picklistItem(tx, 'CTA_TYPE', typeName, 'type')).gsid);
  if (priorityName) set('priority_id', (await picklistItem(tx, 'CTA_PRIORITY', priorityName, 'priority')).gsid);
  if (reasonName) set('reason_id', (await picklistItem(tx, 'CTA_REASON', reasonName, 'reason')).gsid);
  if (dueDate) set('due_date', dueDate);
  if (comments !== undefined) set('comments', comments);
  if (important !== undefined) set('is_important', important);
  if (owner) set('owner_id', await userId(tx, owner, 'OwnerId'));
  if (statusName) {
    const status = await picklistItem(tx, 'CTA_STATUS', statusName, 'status');
    set('status_id', status.gsid);
    set('is_closed', status.is_closed);
    set('closed_date', status.is_closed ? today(deps) : null);
  }
  if (sets.length === 0) throw fail.invalidNull('fields to update');
  set('modified_date', deps.clock());
  set('modified_by', deps.currentUserId);
  await tx.query(`UPDATE ${callToAction.table} SET ${sets.join(', ')} WHERE gsid = $1`, params);
  return { Gsid: gsid };
}
