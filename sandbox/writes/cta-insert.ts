import type { Sql } from '../../engine/store/index.js';
import { fail } from '../http/errors.js';
import { callToAction, company, ctaGroup, gsuser, picklist, relationship } from '../objects/index.js';
import { isGsid } from '../query/values.js';
import { invalidPicklistValue } from './lookups.js';

/** A new CTA as the request gave it: picklists and the owner by name, email or GSID. */
export interface CtaInput {
  gsid: string;
  referenceId: string | null;
  name: string;
  companyId: string;
  relationshipId: string | undefined;
  successPlanId: string | undefined;
  typeName: string;
  statusName: string | undefined;
  priorityName: string | undefined;
  reasonName: string | undefined;
  owner: string | undefined;
  dueDate: string;
  important: boolean;
  comments: string | undefined;
  /** Owner when none is given, and the creator. */
  currentUserId: string;
  now: Date;
  /** ClosedDate when the status is a closed one. */
  today: string;
}

/** `existing`: an earlier CTA with the referenceId; `inserted`: this one; neither: a resend won the race. */
export type CtaInsertResult = { existing: string; inserted: null } | { existing: null; inserted: string | null };

interface Row {
  existing: string | null;
  company: string | null;
  relationship_company: string | null;
  success_plan: string | null;
  type_id: string | null;
  status_id: string | null;
  priority_id: string | null;
  reason_id: string | null;
  owner_id: string | null;
  inserted: string | null;
}

/**
 * A picklist item by name (case-insensitive) or by item GSID; with `withDefault`, no value means
 * the category's default. Parameters: the value (or null) and whether it is a GSID.
 */
function picklistJoin(alias: string, category: string, value: number, withDefault: boolean): string {
  const byValue = `CASE WHEN $${value + 1} THEN gsid = upper($${value}) ELSE lower(name) = lower($${value}) END`;
  const match = withDefault ? `($${value}::text IS NULL OR ${byValue})` : `${GIVEN(value)} AND ${byValue}`;
  return `LEFT JOIN LATERAL (SELECT gsid, is_closed FROM ${picklist.table} WHERE category = '${category}' AND active AND ${match}
    ORDER BY is_default DESC, display_order LIMIT 1) ${alias} ON true`;
}

/**
 * A lookup without a value finds nothing (a comparison with NULL is never true); saying so on the
 * parameter alone makes it a one-time filter, so PostgreSQL skips the scan instead of comparing
 * every row of the category (or every user) with NULL.
 */
const GIVEN = (value: number) => `$${value}::text IS NOT NULL`;

/**
 * A CTA create in one statement, one round trip and (the store prepares it once) one plan, where the
 * lookups one by one took eight: every record the CTA names is looked up, and the row is inserted
 * only when all of them were found. The answer carries the lookups, so `checkRefs` raises the
 * error the first failing lookup raised before, in the same order. ON CONFLICT covers two
 * concurrent resends of one referenceId.
 */
const INSERT_CTA = `WITH refs AS (
    SELECT e.gsid AS existing, c.gsid AS company, r.company_id AS relationship_company, sp.gsid AS success_plan,
      ty.gsid AS type_id, st.gsid AS status_id, st.is_closed AS status_closed, pr.gsid AS priority_id, re.gsid AS reason_id,
      ow.gsid AS owner_id
    FROM (VALUES (1)) AS one (x)
    LEFT JOIN ${callToAction.table} e ON e.reference_id = $1
    LEFT JOIN ${company.table} c ON c.gsid = $2
    LEFT JOIN ${relationship.table} r ON r.gsid = $3
    LEFT JOIN ${ctaGroup.table} sp ON sp.gsid = $4
    ${picklistJoin('ty', 'CTA_TYPE', 5, false)}
    ${picklistJoin('st', 'CTA_STATUS', 7, true)}
    ${picklistJoin('pr', 'CTA_PRIORITY', 9, true)}
    ${picklistJoin('re', 'CTA_REASON', 11, false)}
    LEFT JOIN LATERAL (SELECT gsid FROM ${gsuser.table}
      WHERE ${GIVEN(13)} AND CASE WHEN $14 THEN gsid = upper($13) ELSE lower(email) = lower($13) END LIMIT 1) ow ON true
  ), inserted AS (
    INSERT INTO ${callToAction.table} (gsid, name, company_id, relationship_id, entity_type, owner_id, type_id, status_id,
       priority_id, reason_id, due_date, closed_date, is_closed, is_important, comments, success_plan_id, source, reference_id,
       created_date, modified_date, created_by, modified_by)
    SELECT $15, $16, $2, $3, $17, coalesce(owner_id, $18), type_id, status_id, priority_id, reason_id, $19,
      CASE WHEN status_closed THEN $20::date END, status_closed, $21, $22, $4, 'API', $1, $23, $23, $18, $18
    FROM refs
    WHERE existing IS NULL AND company IS NOT NULL
      AND ($3::text IS NULL OR relationship_company = $2) AND ($4::text IS NULL OR success_plan IS NOT NULL)
      AND type_id IS NOT NULL AND status_id IS NOT NULL AND priority_id IS NOT NULL
      AND ($11::text IS NULL OR reason_id IS NOT NULL) AND ($13::text IS NULL OR owner_id IS NOT NULL)
    ON CONFLICT (reference_id) DO NOTHING
    RETURNING gsid
  )
  SELECT refs.existing, refs.company, refs.relationship_company, refs.success_plan, refs.type_id, refs.status_id,
    refs.priority_id, refs.reason_id, refs.owner_id, (SELECT gsid FROM inserted) AS inserted
  FROM refs`;

const byId = (value: string | undefined) => value !== undefined && isGsid(value.toUpperCase());

export async function insertCta(tx: Sql, input: CtaInput): Promise<CtaInsertResult> {
  const { rows } = await tx.query<Row>(INSERT_CTA, [
    input.referenceId, input.companyId, input.relationshipId ?? null, input.successPlanId ?? null,
    input.typeName, byId(input.typeName),
    input.statusName ?? null, byId(input.statusName),
    input.priorityName ?? null, byId(input.priorityName),
    input.reasonName ?? null, byId(input.reasonName),
    input.owner ?? null, byId(input.owner),
    input.gsid, input.name, input.relationshipId ? 'RELATIONSHIP' : 'COMPANY', input.currentUserId, input.dueDate,
    input.today, input.important, input.comments ?? null, input.now,
  ]);
  const row = rows[0] as Row;
  if (input.referenceId !== null && row.existing) return { existing: row.existing, inserted: null };
  await checkRefs(tx, input, row);
  return { existing: null, inserted: row.inserted };
}

/** The errors of the one-by-one lookups (requireRecord, picklistItem, userId), in their order. */
async function checkRefs(tx: Sql, input: CtaInput, row: Row): Promise<void> {
  if (!row.company) throw fail.invalidGsid('CompanyId', `no ${company.label} with GSID ${input.companyId}`);
  if (input.relationshipId) {
    if (!row.relationship_company) throw fail.invalidGsid('RelationshipId', `no ${relationship.label} with GSID ${input.relationshipId}`);
    if (row.relationship_company !== input.companyId) throw fail.invalidGsid('RelationshipId', 'the relationship belongs to another company');
  }
  if (input.successPlanId && !row.success_plan) throw fail.invalidGsid('SuccessPlanId', `no ${ctaGroup.label} with GSID ${input.successPlanId}`);
  if (!row.type_id) throw await invalidPicklistValue(tx, 'CTA_TYPE', input.typeName, 'type');
  if (!row.status_id) throw await missingItem(tx, 'CTA_STATUS', input.statusName, 'status');
  if (!row.priority_id) throw await missingItem(tx, 'CTA_PRIORITY', input.priorityName, 'priority');
  if (input.reasonName && !row.reason_id) throw await invalidPicklistValue(tx, 'CTA_REASON', input.reasonName, 'reason');
  if (input.owner && !row.owner_id) {
    throw fail.invalidGsid('OwnerId', `no user with ${byId(input.owner) ? 'GSID' : 'email'} ${input.owner}`);
  }
}

/** A named item that does not exist, or (no name given) a category without a default. */
async function missingItem(tx: Sql, category: string, value: string | undefined, field: string): Promise<Error> {
  return value ? invalidPicklistValue(tx, category, value, field) : new Error(`picklist ${category} is empty`);
}
