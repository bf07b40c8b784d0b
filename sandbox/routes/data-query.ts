import { sendOk } from '../http/envelope.js';
import { fail } from '../http/errors.js';
import { findObject, queryableObjects, type ObjectDef } from '../objects/index.js';
import { parseDataQuery } from '../query/parse-query.js';
import { runQuery } from '../query/run-query.js';
import { listPicklist } from './picklists.js';
import type { RouteModule } from './types.js';

export function queryableObject(name: string): ObjectDef {
  const object = findObject(name);
  if (!object?.queryable) {
    throw fail.invalidObject(name, queryableObjects().map((o) => o.name));
  }
  return object;
}

const DATA_TYPES = {
  string: 'STRING', richtext: 'RICHTEXTAREA', email: 'EMAIL', number: 'NUMBER', integer: 'NUMBER', boolean: 'BOOLEAN',
  date: 'DATE', datetime: 'DATETIME', gsid: 'GSID', picklist: 'PICKLIST', multi: 'MULTISELECTDROPDOWNLIST',
} as const;

/** Generic data API: `POST /v1/data/objects/query/{Object}` and compact object metadata. */
export const dataQueryRoutes: RouteModule = (router, deps) => {
  router.post('/v1/data/objects/query/:object', async (ctx) => {
    const spec = parseDataQuery(queryableObject(ctx.params.object ?? ''), ctx.state.body);
    const { records } = await runQuery(deps.store, spec, 'epoch');
    // Gainsight answers an empty result with result:false and GSOBJ_1011 (HTTP 400), not an empty list.
    if (records.length === 0) throw fail.noMatch(`No data found for ${spec.object.name} with the given conditions`);
    sendOk(ctx, { records });
  });

  router.get('/v1/meta/services/objects', (ctx) => {
    sendOk(ctx, { objects: queryableObjects().map((o) => ({ objectName: o.name, label: o.label })) });
  });

  // Compact on purpose: a field list with types, lookups and picklist values, not 100k characters.
  router.get('/v1/meta/services/objects/:object/describe', async (ctx) => {
    const object = queryableObject(ctx.params.object ?? '');
    const fields = await Promise.all(
      object.fields.map(async (f) => ({
        fieldName: f.name,
        label: f.label,
        dataType: f.type === 'gsid' && f.lookup ? 'LOOKUP' : DATA_TYPES[f.type],
        ...(f.lookup && f.lookup !== 'picklist' ? { lookupObject: findObject(f.lookup)?.name ?? f.lookup } : {}),
        ...(f.picklist ? { picklistValues: (await listPicklist(deps.store, f.picklist)).map(({ Gsid, Name }) => ({ Gsid, Name })) } : {}),
      })),
    );
    sendOk(ctx, { objectName: object.name, label: object.label, keyField: 'Gsid', fields });
  });
};
