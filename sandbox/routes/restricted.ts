import { newGsid } from '../gsid.js';
import { sendOk } from '../http/envelope.js';
import { fail } from '../http/errors.js';
import { activityTimeline, callToAction, csTask, picklist } from '../objects/index.js';
import { isObject } from '../query/parse-common.js';
import { isGsid } from '../query/values.js';
import { bulkWrite, plainRecords } from '../writes/bulk.js';
import { insertCompany, updateCompany } from '../writes/company.js';
import { RecordReader } from '../writes/record-reader.js';
import { queryableObject } from './data-query.js';
import type { RouteModule } from './types.js';

/**
 * Endpoints the gateway's pack must never call: company writes, deletes and admin configuration.
 * They work like the real ones so that a test proving "never called" (request log) means something,
 * and so that a misconfigured pack would visibly change data rather than fail silently.
 */
export const restrictedRoutes: RouteModule = (router, deps) => {
  router.post('/v1/data/objects/Company', async (ctx) => {
    const records = plainRecords(ctx.state.body);
    const results = await bulkWrite(deps.store, records, (tx, r) => insertCompany(tx, r as Record<string, unknown>, deps));
    sendOk(ctx, { count: results.length, records: results });
  });

  router.put('/v1/data/objects/Company', async (ctx) => {
    const key = String(ctx.query.keys ?? 'Gsid');
    if (key !== 'Gsid' && key !== 'Name') throw fail.invalidValue('keys', 'Gsid or Name');
    const records = plainRecords(ctx.state.body);
    const results = await bulkWrite(deps.store, records, (tx, r) => updateCompany(tx, r as Record<string, unknown>, key, deps));
    sendOk(ctx, { count: results.length, records: results });
  });

  router.delete('/v1/data/objects/:object/:gsid', async (ctx) => {
    const object = queryableObject(ctx.params.object ?? '');
    const gsid = gsidParam(ctx.params.gsid);
    const { affectedRows } = await deps.store.query(`DELETE FROM ${object.table} WHERE gsid = $1`, [gsid]);
    if (affectedRows === 0) throw fail.noMatch(`No ${object.name} with Gsid ${gsid}`);
    sendOk(ctx, { count: affectedRows, records: [{ Gsid: gsid }] });
  });

  router.delete('/v2/cockpit/cta/:gsid', async (ctx) => {
    const gsid = gsidParam(ctx.params.gsid);
    const deleted = await deps.store.transaction(async (tx) => {
      await tx.query(`DELETE FROM ${csTask.table} WHERE cta_id = $1`, [gsid]);
      return (await tx.query(`DELETE FROM ${callToAction.table} WHERE gsid = $1`, [gsid])).affectedRows;
    });
    if (deleted === 0) throw fail.noMatch(`No CTA with Gsid ${gsid}`);
    sendOk(ctx, { Gsid: gsid });
  });

  router.delete('/v1/ant/es/activity/:id', async (ctx) => {
    const gsid = gsidParam(ctx.params.id);
    const { affectedRows } = await deps.store.query(`DELETE FROM ${activityTimeline.table} WHERE gsid = $1`, [gsid]);
    if (affectedRows === 0) throw fail.noMatch(`No timeline activity with id ${gsid}`);
    sendOk(ctx, { activityId: gsid });
  });

  // Admin configuration: adds an item to a picklist category (e.g. a new CTA reason).
  router.post('/v2/cockpit/admin/picklist', async (ctx) => {
    if (!isObject(ctx.state.body)) throw fail.malformed('Body must be {"category": "...", "name": "..."}');
    const r = new RecordReader(ctx.state.body);
    const category = (r.string('category', { required: true }) as string).toUpperCase();
    const name = r.string('name', { required: true }) as string;
    const closed = r.boolean('isClosed') ?? false;
    r.rejectUnknown('picklist');
    const gsid = newGsid(picklist.gsidPrefix);
    const { affectedRows } = await deps.store.query(
      `INSERT INTO ${picklist.table} (gsid, category, name, is_closed, display_order)
       SELECT $1, $2, $3, $4, coalesce(max(display_order), 0) + 1 FROM ${picklist.table} WHERE category = $2
       ON CONFLICT DO NOTHING`,
      [gsid, category, name, closed],
    );
    if (affectedRows === 0) throw fail.invalidValue('name', `a name not already in ${category}`);
    sendOk(ctx, { Gsid: gsid, category, name });
  });

};

function gsidParam(value: string | undefined): string {
  const gsid = (value ?? '').toUpperCase();
  if (!isGsid(gsid)) throw fail.invalidGsid('Gsid', `${JSON.stringify(value)} is not a valid GSID`);
  return gsid;
}
