import { sendOk } from '../http/envelope.js';
import { fail } from '../http/errors.js';
import { activityType } from '../objects/index.js';
import { bulkWrite, plainRecords } from '../writes/bulk.js';
import { createActivity, updateActivity, type Identifier } from '../writes/timeline.js';
import type { RouteModule } from './types.js';

const IDENTIFIERS: readonly Identifier[] = ['externalid', 'activityid', 'gsid'];

/** The fields an activity create takes, for clients that build forms or prompts from config. */
const ACTIVITY_FIELDS = [
  { fieldName: 'ContextName', dataType: 'STRING', required: true },
  { fieldName: 'TypeName', dataType: 'STRING', required: true },
  { fieldName: 'Subject', dataType: 'STRING', required: true, maxLength: 255 },
  { fieldName: 'Notes', dataType: 'RICHTEXTAREA', required: false },
  { fieldName: 'ActivityDate', dataType: 'DATETIME', required: true },
  { fieldName: 'Author', dataType: 'EMAIL', required: false },
  { fieldName: 'ExternalId', dataType: 'STRING', required: false },
  { fieldName: 'internalAttendees', dataType: 'MULTISELECTDROPDOWNLIST', required: false },
  { fieldName: 'externalAttendees', dataType: 'MULTISELECTDROPDOWNLIST', required: false },
];

export const timelineRoutes: RouteModule = (router, deps) => {
  router.post('/v1/ant/es/activity', async (ctx) => {
    const records = plainRecords(ctx.state.body);
    const success = await bulkWrite(deps.store, records, (tx, record) => createActivity(tx, record, deps));
    sendOk(ctx, { success, errors: [] });
  });

  router.put('/v1/ant/es/activity', async (ctx) => {
    const identifier = String(ctx.query.identifier ?? 'externalid').toLowerCase() as Identifier;
    if (!IDENTIFIERS.includes(identifier)) throw fail.invalidValue('identifier', IDENTIFIERS.join(', '));
    const records = plainRecords(ctx.state.body);
    const success = await bulkWrite(deps.store, records, (tx, record) => updateActivity(tx, record, identifier, deps));
    sendOk(ctx, { success, errors: [] });
  });

  // Activity types with the contexts each may be logged on (sandbox path, inferred).
  router.get('/v1/ant/es/activity/types', async (ctx) => {
    const { rows } = await deps.store.query(
      `SELECT gsid AS "Gsid", name AS "Name", active AS "Active", contexts AS "Contexts", display_order AS "DisplayOrder"
       FROM ${activityType.table} ORDER BY display_order`,
    );
    sendOk(ctx, { records: rows, fields: ACTIVITY_FIELDS });
  });
};
