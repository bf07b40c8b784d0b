import { sendOk } from '../http/envelope.js';
import { ctaGroup } from '../objects/index.js';
import { bulkWrite, requestRecords } from '../writes/bulk.js';
import { createSuccessPlan, updateSuccessPlan } from '../writes/success-plan.js';
import { cockpitList } from './cockpit.js';
import type { RouteModule } from './types.js';

export const SUCCESS_PLAN_SELECT = [
  'Gsid', 'Name', 'CompanyId', 'CompanyId__gr.Name', 'RelationshipId', 'EntityType', 'OwnerId', 'OwnerId__gr.Name',
  'TypeId', 'TypeId__gr.Name', 'StatusId', 'StatusId__gr.Name', 'StartDate', 'DueDate', 'ClosedDate', 'IsClosed',
  'Comments', 'CreatedDate', 'ModifiedDate',
];

export const successPlanRoutes: RouteModule = (router, deps) => {
  router.post('/v2/successPlan/list', (ctx) => cockpitList(ctx, deps, ctaGroup, SUCCESS_PLAN_SELECT));

  router.post('/v2/successPlan', async (ctx) => {
    const success = await bulkWrite(deps.store, requestRecords(ctx.state.body), (tx, r) => createSuccessPlan(tx, r, deps));
    sendOk(ctx, { success, errors: [] });
  });

  router.put('/v2/successPlan', async (ctx) => {
    const success = await bulkWrite(deps.store, requestRecords(ctx.state.body), (tx, r) => updateSuccessPlan(tx, r, deps));
    sendOk(ctx, { success, errors: [] });
  });
};
