import type { Sql } from '../../engine/store/index.js';
import { newGsid } from '../gsid.js';
import type { SandboxDeps } from '../http/state.js';
import { callToAction, csTask } from '../objects/index.js';
import type { WriteResult } from './cta.js';
import { defaultPicklistItem, picklistItem, requireRecord, userId } from './lookups.js';
import { RecordReader } from './record-reader.js';

/** `POST /v2/cockpit/task` record (inferred shape, like CTA create). The CTA must exist. */
export async function createTask(tx: Sql, raw: unknown, deps: SandboxDeps): Promise<WriteResult> {
  const r = RecordReader.of(raw, 'record');
  const referenceId = r.string(['referenceId', 'ReferenceId']) ?? null;
  const ctaId = r.gsid(['CTAId', 'CtaId'], { required: true }) as string;
  const name = r.string('Name', { required: true }) as string;
  const dueDate = r.date('DueDate', { required: true });
  const statusName = r.string(['status', 'Status']);
  const priorityName = r.string(['priority', 'Priority']);
  const description = r.html('Description');
  const owner = r.string(['OwnerId', 'OwnerEmail']);
  r.rejectUnknown('cs_task');

  if (referenceId !== null) {
    const existing = await tx.query<{ gsid: string }>(`SELECT gsid FROM ${csTask.table} WHERE reference_id = $1`, [referenceId]);
    if (existing.rows[0]) return { referenceId, Gsid: existing.rows[0].gsid, created: false };
  }
  const cta = await requireRecord<{ company_id: string; owner_id: string | null }>(
    tx, callToAction, ctaId, 'CTAId', 'company_id, owner_id',
  );
  const status = statusName ? await picklistItem(tx, 'TASK_STATUS', statusName, 'status') : await defaultPicklistItem(tx, 'TASK_STATUS');
  const priority = priorityName ? await picklistItem(tx, 'TASK_PRIORITY', priorityName, 'priority') : await defaultPicklistItem(tx, 'TASK_PRIORITY');
  const ownerId = owner ? await userId(tx, owner, 'OwnerId') : cta.owner_id ?? deps.currentUserId;
  const gsid = newGsid(csTask.gsidPrefix);
  const now = deps.clock();
  const inserted = await tx.query<{ gsid: string }>(
    `INSERT INTO ${csTask.table} (gsid, name, cta_id, company_id, owner_id, status, priority, due_date, closed_date, is_closed,
       description, reference_id, created_date, modified_date, created_by, modified_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$13,$14,$14)
     ON CONFLICT (reference_id) DO NOTHING RETURNING gsid`,
    [gsid, name, ctaId, cta.company_id, ownerId, status.gsid, priority.gsid, dueDate,
      status.is_closed ? now.toISOString().slice(0, 10) : null, status.is_closed, description ?? null, referenceId, now,
      deps.currentUserId],
  );
  if (inserted.rows[0]) return { referenceId, Gsid: gsid, created: true };
  const again = await tx.query<{ gsid: string }>(`SELECT gsid FROM ${csTask.table} WHERE reference_id = $1`, [referenceId]);
  return { referenceId, Gsid: again.rows[0]?.gsid ?? gsid, created: false };
}
