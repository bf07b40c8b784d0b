import type { Sql } from '../../engine/store/index.js';
import { newGsid } from '../gsid.js';
import { fail } from '../http/errors.js';
import type { SandboxDeps } from '../http/state.js';
import { activityTimeline, activityType, callToAction, company, ctaGroup, person, relationship, scorecardMeasure } from '../objects/index.js';
import { isGsid } from '../query/values.js';
import { requireRecord, userId } from './lookups.js';
import { RecordReader } from './record-reader.js';

export const CONTEXTS = ['Company', 'Relationship', 'CTA', 'SuccessPlan', 'Scorecard', 'ScorecardMeasure', 'Milestone'] as const;

export interface ActivityResult {
  ExternalId: string | null;
  Gsid: string;
  activityId: string;
  created: boolean;
}

/** Resolves the context ids: the owning record decides the company, a given company must agree. */
async function contextIds(tx: Sql, r: RecordReader, context: string) {
  let companyId = r.gsid(['CompanyId', 'GsCompanyId']);
  const relationshipId = r.gsid(['RelationshipId', 'GsRelationshipId']);
  const ctaId = r.gsid(['CtaId', 'CTAId']);
  const successPlanId = r.gsid('SuccessPlanId');
  const measureId = r.gsid('ScorecardMeasureId');
  const owner = async (object: typeof relationship, id: string | undefined, field: string) => {
    if (!id) throw fail.invalidNull(field);
    const row = await requireRecord<{ company_id: string }>(tx, object, id, field, 'company_id');
    if (companyId && companyId !== row.company_id) throw fail.invalidGsid('CompanyId', `${field} belongs to another company`);
    companyId = row.company_id;
  };
  if (context === 'Relationship') await owner(relationship, relationshipId, 'RelationshipId');
  else if (context === 'CTA') await owner(callToAction, ctaId, 'CtaId');
  else if (context === 'SuccessPlan') await owner(ctaGroup, successPlanId, 'SuccessPlanId');
  else if (context === 'ScorecardMeasure') {
    if (!measureId) throw fail.invalidNull('ScorecardMeasureId');
    await requireRecord(tx, scorecardMeasure, measureId, 'ScorecardMeasureId');
  }
  if (!companyId) throw fail.invalidNull('CompanyId');
  await requireRecord(tx, company, companyId, 'CompanyId');
  return { companyId, relationshipId: relationshipId ?? null, ctaId: ctaId ?? null, successPlanId: successPlanId ?? null, measureId: measureId ?? null };
}

async function typeFor(tx: Sql, typeName: string, context: string): Promise<{ gsid: string; name: string }> {
  const { rows } = await tx.query<{ gsid: string; name: string; contexts: string[] }>(
    `SELECT gsid, name, contexts FROM ${activityType.table} WHERE lower(name) = lower($1) AND active`, [typeName],
  );
  const type = rows[0];
  if (!type) throw fail.invalidField(`TypeName ${JSON.stringify(typeName)}`, 'activity_timeline');
  if (!type.contexts.includes(context)) {
    throw fail.invalidValue('TypeName', `a type allowed for ${context} (${type.name} is for ${type.contexts.join(', ')})`);
  }
  return type;
}

async function attendees(tx: Sql, values: string[] | undefined, field: string, object: 'user' | 'person'): Promise<string[] | null> {
  if (!values) return null;
  const ids: string[] = [];
  for (const value of values) {
    if (object === 'user') ids.push(await userId(tx, value, field));
    else if (isGsid(value.toUpperCase())) ids.push((await requireRecord<{ gsid: string }>(tx, person, value.toUpperCase(), field)).gsid);
    else {
      const { rows } = await tx.query<{ gsid: string }>(`SELECT gsid FROM ${person.table} WHERE lower(email) = lower($1)`, [value]);
      if (!rows[0]) throw fail.invalidGsid(field, `no person with email ${value}`);
      ids.push(rows[0].gsid);
    }
  }
  return ids;
}

/** `POST /v1/ant/es/activity` record. A known ExternalId answers with the existing activity. */
export async function createActivity(tx: Sql, raw: unknown, deps: SandboxDeps): Promise<ActivityResult> {
  const r = RecordReader.of(raw, 'record');
  const externalId = r.string('ExternalId') ?? null;
  const context = r.string('ContextName', { required: true }) as string;
  const typeName = r.string('TypeName', { required: true }) as string;
  const subject = r.string('Subject', { required: true }) as string;
  const notes = r.html('Notes');
  const activityDate = r.datetime('ActivityDate', { required: true }) as Date;
  const author = r.string(['Author', 'AuthorEmail', 'AuthorId']);
  const internal = r.list('internalAttendees');
  const external = r.list('externalAttendees');
  if (externalId !== null) {
    const existing = await tx.query<{ gsid: string }>(`SELECT gsid FROM ${activityTimeline.table} WHERE external_id = $1`, [externalId]);
    if (existing.rows[0]) return { ExternalId: externalId, Gsid: existing.rows[0].gsid, activityId: existing.rows[0].gsid, created: false };
  }
  if (!(CONTEXTS as readonly string[]).includes(context)) {
    throw fail.invalidValue('ContextName', `one of ${CONTEXTS.join(', ')}`);
  }
  const ids = await contextIds(tx, r, context);
  r.rejectUnknown('activity_timeline', ['lookups', 'Source']);
  const type = await typeFor(tx, typeName, context);
  const authorId = author ? await userId(tx, author, 'Author') : deps.currentUserId;
  const gsid = newGsid(activityTimeline.gsidPrefix);
  const now = deps.clock();
  const inserted = await tx.query<{ gsid: string }>(
    `INSERT INTO ${activityTimeline.table} (gsid, external_id, subject, notes, activity_date, context_name, type_name, type_id,
       author_id, gs_company_id, gs_relationship_id, cta_id, success_plan_id, scorecard_measure_id, internal_attendees,
       external_attendees, source, created_date, last_modified_date)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,'API',$17,$17)
     ON CONFLICT (external_id) DO NOTHING RETURNING gsid`,
    [gsid, externalId, subject, notes ?? null, activityDate, context, type.name, type.gsid, authorId, ids.companyId,
      ids.relationshipId, ids.ctaId, ids.successPlanId, ids.measureId, await attendees(tx, internal, 'internalAttendees', 'user'),
      await attendees(tx, external, 'externalAttendees', 'person'), now],
  );
  if (inserted.rows[0]) return { ExternalId: externalId, Gsid: gsid, activityId: gsid, created: true };
  const again = await tx.query<{ gsid: string }>(`SELECT gsid FROM ${activityTimeline.table} WHERE external_id = $1`, [externalId]);
  const id = again.rows[0]?.gsid ?? gsid;
  return { ExternalId: externalId, Gsid: id, activityId: id, created: false };
}

export type Identifier = 'externalid' | 'activityid' | 'gsid';

/** `PUT /v1/ant/es/activity?identifier=…`: finds the activity by ExternalId or by its id. */
export async function updateActivity(tx: Sql, raw: unknown, identifier: Identifier, deps: SandboxDeps) {
  const r = RecordReader.of(raw, 'record');
  const key = identifier === 'externalid'
    ? r.string('ExternalId', { required: true }) as string
    : r.gsid(['Gsid', 'ActivityId', 'activityId', 'id'], { required: true }) as string;
  const sets: string[] = [];
  const params: unknown[] = [];
  const set = (column: string, value: unknown) => sets.push(`${column} = $${params.push(value)}`);
  const subject = r.string('Subject');
  const notes = r.html('Notes');
  const activityDate = r.datetime('ActivityDate');
  const typeName = r.string('TypeName');
  const internal = r.list('internalAttendees');
  const external = r.list('externalAttendees');
  r.rejectUnknown('activity_timeline', ['ExternalId', 'ContextName', 'lookups']);
  const { rows } = await tx.query<{ gsid: string; context_name: string; external_id: string | null }>(
    `SELECT gsid, context_name, external_id FROM ${activityTimeline.table} WHERE ${identifier === 'externalid' ? 'external_id' : 'gsid'} = $1`,
    [key],
  );
  const current = rows[0];
  if (!current) throw fail.noMatch(`No timeline activity with ${identifier} ${key}`);
  if (subject !== undefined) set('subject', subject);
  if (notes !== undefined) set('notes', notes);
  if (activityDate) set('activity_date', activityDate);
  if (typeName) {
    const type = await typeFor(tx, typeName, current.context_name);
    set('type_name', type.name);
    set('type_id', type.gsid);
  }
  if (internal) set('internal_attendees', await attendees(tx, internal, 'internalAttendees', 'user'));
  if (external) set('external_attendees', await attendees(tx, external, 'externalAttendees', 'person'));
  if (sets.length === 0) throw fail.invalidNull('fields to update');
  set('last_modified_date', deps.clock());
  await tx.query(`UPDATE ${activityTimeline.table} SET ${sets.join(', ')} WHERE gsid = $${params.push(current.gsid)}`, params);
  return { ExternalId: current.external_id, Gsid: current.gsid, activityId: current.gsid };
}
