import type { Sql } from '../../engine/store/index.js';
import { sendOk } from '../http/envelope.js';
import { fail } from '../http/errors.js';
import type { SandboxContext } from '../http/state.js';
import { picklist } from '../objects/index.js';
import type { RouteModule } from './types.js';

const COCKPIT = ['CTA_TYPE', 'CTA_STATUS', 'CTA_PRIORITY', 'CTA_REASON', 'TASK_STATUS', 'TASK_PRIORITY'];
const SUCCESS_PLAN = ['SUCCESS_PLAN_TYPE', 'SUCCESS_PLAN_STATUS'];
const ENTITY_TYPES = ['COMPANY', 'RELATIONSHIP'];

export interface PicklistEntry {
  Gsid: string;
  Name: string;
  Active: boolean;
  IsDefault: boolean;
  IsClosed: boolean;
  DisplayOrder: number;
}

export async function listPicklist(sql: Sql, category: string): Promise<PicklistEntry[]> {
  const { rows } = await sql.query<PicklistEntry>(
    `SELECT gsid AS "Gsid", name AS "Name", active AS "Active", is_default AS "IsDefault", is_closed AS "IsClosed",
            display_order AS "DisplayOrder"
     FROM ${picklist.table} WHERE category = $1 ORDER BY display_order`,
    [category],
  );
  return rows;
}

/** `?category=A,B&et=COMPANY` → `{A: [...], B: [...]}`; no category means all of this family. */
async function answer(ctx: SandboxContext, sql: Sql, family: readonly string[]): Promise<void> {
  const et = typeof ctx.query.et === 'string' ? ctx.query.et.toUpperCase() : 'COMPANY';
  if (!ENTITY_TYPES.includes(et)) throw fail.invalidValue('et', ENTITY_TYPES.join(' or '));
  const raw = typeof ctx.query.category === 'string' ? ctx.query.category : '';
  const categories = raw ? raw.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean) : family;
  const unknown = categories.filter((c) => !family.includes(c));
  if (unknown.length > 0) throw fail.invalidValue(`category ${unknown.join(', ')}`, `one of ${family.join(', ')}`);
  const data: Record<string, PicklistEntry[]> = {};
  for (const category of categories) data[category] = await listPicklist(sql, category);
  sendOk(ctx, data);
}

export const picklistRoutes: RouteModule = (router, deps) => {
  router.get('/v2/cockpit/admin/picklist/lite', (ctx) => answer(ctx, deps.store, COCKPIT));
  router.get('/v2/successPlan/admin/picklist/lite', (ctx) => answer(ctx, deps.store, SUCCESS_PLAN));
};
