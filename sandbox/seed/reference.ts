import { seedGsid } from '../gsid.js';
import { activityType, gsuser, picklist } from '../objects/index.js';
import type { SeedContext, SeedTable } from './context.js';
import { FIRST_NAMES, INDUSTRIES, LAST_NAMES } from './words.js';

/** Picklist categories and items; `closed` items close the CTA, task or plan that takes them. */
export const PICKLISTS: Record<string, readonly (string | { name: string; closed?: boolean; default?: boolean })[]> = {
  COMPANY_STAGE: ['New Customer', 'Kick Off', 'Launched', 'Adopting', 'Will Expand', 'Will Churn', 'Churned'],
  COMPANY_STATUS: ['Active', 'Inactive', 'Churned'],
  COMPANY_INDUSTRY: INDUSTRIES,
  COMPANY_TYPE: ['Customer', 'Prospect', 'Partner'],
  COMPANY_TAGS: ['Enterprise', 'Mid-Market', 'SMB', 'Strategic', 'Reference', 'Beta Program', 'Expansion Target', 'At Risk'],
  CTA_TYPE: ['Risk', 'Expansion', 'Lifecycle', 'Activity', 'Objective'],
  CTA_STATUS: [{ name: 'New', default: true }, 'Work In Progress', { name: 'Closed Success', closed: true }, { name: 'Closed Lost', closed: true }],
  CTA_PRIORITY: ['High', { name: 'Medium', default: true }, 'Low'],
  CTA_REASON: [
    'Low Usage', 'Support Escalation', 'Champion Left', 'Budget Concerns', 'Upsell Opportunity',
    'New Team Onboarding', 'Onboarding', 'Renewal', 'QBR', 'Follow-up', 'Check-in', 'Success Plan Objective',
  ],
  TASK_STATUS: [{ name: 'Open', default: true }, 'In Progress', { name: 'Completed', closed: true }],
  TASK_PRIORITY: ['High', { name: 'Medium', default: true }, 'Low'],
  SUCCESS_PLAN_TYPE: ['Onboarding', 'Adoption', 'Renewal', 'Expansion', 'Risk Mitigation'],
  SUCCESS_PLAN_STATUS: [{ name: 'Draft', default: true }, 'Active', { name: 'Completed', closed: true }, { name: 'Cancelled', closed: true }],
};

const picklistIds = new Map<string, string>();

/** The picklist item GSID for a category and item name (stable across seeds; memoised). */
export function picklistId(category: string, name: string): string {
  const key = `${category}:${name}`;
  let id = picklistIds.get(key);
  if (id === undefined) picklistIds.set(key, (id = seedGsid(picklist.gsidPrefix, key)));
  return id;
}

export function picklistRows(): SeedTable {
  const rows = Object.entries(PICKLISTS).flatMap(([category, items]) =>
    items.map((item, index) => {
      const { name, closed = false, default: isDefault = false } = typeof item === 'string' ? { name: item } : item;
      return {
        gsid: picklistId(category, name), category, name, active: true,
        is_default: isDefault, is_closed: closed, display_order: index + 1,
      };
    }),
  );
  return { table: picklist.table, rows };
}

export const CSM_COUNT = 20;

/** 20 CSMs first (user 0 is the access key's user, CURRENT_USER), then 4 managers and an admin. */
export function userRows(ctx: SeedContext): SeedTable {
  const rows = Array.from({ length: CSM_COUNT + 5 }, (_, i) => {
    const first = FIRST_NAMES[(i * 3) % FIRST_NAMES.length] ?? 'Sam';
    const last = LAST_NAMES[(i * 7 + 2) % LAST_NAMES.length] ?? 'Lee';
    const admin = i === CSM_COUNT + 4;
    const title = admin ? 'Gainsight Administrator' : i >= CSM_COUNT ? 'Customer Success Manager, Team Lead' : 'Customer Success Manager';
    const created = ctx.at(-ctx.rng.int(400, 1500));
    return {
      gsid: seedGsid(gsuser.gsidPrefix, i),
      name: admin ? 'Sandbox Admin' : `${first} ${last}`,
      first_name: admin ? 'Sandbox' : first,
      last_name: admin ? 'Admin' : last,
      email: admin ? 'admin@example.com' : `${first}.${last}@example.com`.toLowerCase(),
      title,
      is_active_user: i !== CSM_COUNT - 1,
      created_date: created,
      modified_date: created,
    };
  });
  return { table: gsuser.table, rows };
}

export const ACTIVITY_TYPES: readonly { name: string; contexts: string[] }[] = [
  { name: 'Call', contexts: ['Company', 'Relationship', 'CTA', 'SuccessPlan'] },
  { name: 'Email', contexts: ['Company', 'Relationship', 'CTA', 'SuccessPlan'] },
  { name: 'Meeting', contexts: ['Company', 'Relationship', 'CTA', 'SuccessPlan'] },
  { name: 'Update', contexts: ['Company', 'Relationship', 'CTA', 'SuccessPlan', 'Scorecard', 'ScorecardMeasure'] },
  { name: 'Milestone', contexts: ['Company', 'Relationship', 'Milestone'] },
  { name: 'Feedback', contexts: ['Company', 'Relationship'] },
];

export function activityTypeRows(): SeedTable {
  const rows = ACTIVITY_TYPES.map((type, index) => ({
    gsid: seedGsid(activityType.gsidPrefix, type.name),
    name: type.name,
    active: true,
    contexts: type.contexts,
    display_order: index + 1,
  }));
  return { table: activityType.table, rows };
}
