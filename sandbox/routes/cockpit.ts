import { sendOk } from '../http/envelope.js';
import { fail } from '../http/errors.js';
import type { SandboxContext, SandboxDeps } from '../http/state.js';
import { callToAction, csTask, type ObjectDef } from '../objects/index.js';
import { parseCockpitList } from '../query/parse-cockpit.js';
import type { QuerySpec } from '../query/to-sql.js';
import { runQuery } from '../query/run-query.js';
import { isGsid } from '../query/values.js';
import { bulkWrite, requestRecords } from '../writes/bulk.js';
import { createCta, updateCta } from '../writes/cta.js';
import { requireRecord } from '../writes/lookups.js';
import { createTask } from '../writes/task.js';
import type { RouteModule } from './types.js';

/** Default columns: what Gainsight's CTA list returns, flat, with `__gr.Name` for picklists. */
export const CTA_SELECT = [
  'Gsid', 'Name', 'CompanyId', 'CompanyId__gr.Name', 'RelationshipId', 'EntityType', 'OwnerId', 'OwnerId__gr.Name',
  'DueDate', 'ClosedDate', 'IsClosed', 'IsImportant', 'TypeId', 'TypeId__gr.Name', 'StatusId', 'StatusId__gr.Name',
  'PriorityId', 'PriorityId__gr.Name', 'ReasonId', 'ReasonId__gr.Name', 'Comments', 'SuccessPlanId', 'Source',
  'CreatedDate', 'ModifiedDate',
];

export const TASK_SELECT = [
  'Gsid', 'Name', 'CTAId', 'CTAId__gr.Name', 'CompanyId', 'CompanyId__gr.Name', 'OwnerId', 'OwnerId__gr.Name', 'DueDate',
  'ClosedDate', 'IsClosed', 'Status', 'Status__gr.Name', 'Priority', 'Priority__gr.Name', 'Description', 'CreatedDate',
];

const BY_DUE_DATE: QuerySpec['orderBy'] = [{ path: 'DueDate', direction: 'asc' }];

/** Shared by the CTA, task and success-plan lists: parse, query with ISO dates, page. */
export async function cockpitList(
  ctx: SandboxContext, deps: SandboxDeps, object: ObjectDef, select: readonly string[], body: unknown = ctx.state.body,
) {
  const literals = { today: deps.clock().toISOString().slice(0, 10), currentUserId: deps.currentUserId };
  const { spec, pageNumber, pageSize } = parseCockpitList(object, body, { select, orderBy: BY_DUE_DATE }, literals);
  const { records, totalCount } = await runQuery(deps.store, spec, 'iso');
  sendOk(ctx, { records, totalCount, pageNumber, pageSize });
}

export const cockpitRoutes: RouteModule = (router, deps) => {
  router.post('/v2/cockpit/cta/list', (ctx) => cockpitList(ctx, deps, callToAction, CTA_SELECT));

  router.post('/v2/cockpit/cta', async (ctx) => {
    const success = await bulkWrite(deps.store, requestRecords(ctx.state.body), (tx, record) => createCta(tx, record, deps), { oneStatement: true });
    sendOk(ctx, { success, errors: [] });
  });

  router.put('/v2/cockpit/cta', async (ctx) => {
    const success = await bulkWrite(deps.store, requestRecords(ctx.state.body), (tx, record) => updateCta(tx, record, deps));
    sendOk(ctx, { success, errors: [] });
  });

  router.post('/v2/cockpit/task/list', (ctx) => cockpitList(ctx, deps, csTask, TASK_SELECT));

  router.get('/v2/cockpit/task/list/:ctaId', async (ctx) => {
    const ctaId = (ctx.params.ctaId ?? '').toUpperCase();
    if (!isGsid(ctaId)) throw fail.invalidGsid('ctaId', `${JSON.stringify(ctx.params.ctaId)} is not a valid GSID`);
    await requireRecord(deps.store, callToAction, ctaId, 'ctaId');
    const body = { where: { conditions: [{ fieldName: 'CTAId', operator: 'EQ', value: [ctaId] }] }, pageSize: 1000 };
    await cockpitList(ctx, deps, csTask, TASK_SELECT, body);
  });

  router.post('/v2/cockpit/task', async (ctx) => {
    const success = await bulkWrite(deps.store, requestRecords(ctx.state.body), (tx, record) => createTask(tx, record, deps));
    sendOk(ctx, { success, errors: [] });
  });
};
