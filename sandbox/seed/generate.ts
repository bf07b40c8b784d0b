import { CtaBuilder, generateCtas } from './cockpit.js';
import { companyTable, generateCompanies } from './companies.js';
import { seedContext, type SeedTable } from './context.js';
import { generatePeople, generateRelationships, relationshipTypeTable } from './people.js';
import { CSM_COUNT, activityTypeRows, picklistRows, userRows } from './reference.js';
import { generateScorecards } from './scorecards.js';
import { generateSuccessPlans } from './success-plans.js';
import { generateTimeline } from './timeline.js';

export const DEFAULT_SEED = 20_240_607;

export interface SeedOptions {
  /** Dates are generated relative to this instant's UTC day (renewals in 90 days, overdue CTAs…). */
  now: Date;
  seed?: number;
}

/**
 * The whole demo tenant as rows, without touching a database: a pure function of (seed, day of
 * `now`), so two calls with the same inputs are deep-equal. Order is insertion order.
 */
export function generateSeed(options: SeedOptions): SeedTable[] {
  const ctx = seedContext(options.seed ?? DEFAULT_SEED, options.now);
  const users = userRows(ctx);
  const csmIds = users.rows.slice(0, CSM_COUNT).map((u) => String(u.gsid));
  const companies = generateCompanies(ctx, csmIds);
  const relationships = generateRelationships(ctx, companies);
  const people = generatePeople(ctx, companies);
  const scorecards = generateScorecards(ctx, companies);
  const builder = new CtaBuilder(ctx, csmIds);
  generateCtas(ctx, companies, relationships.byCompany, builder);
  const plans = generateSuccessPlans(ctx, companies, builder);
  const timeline = generateTimeline(ctx, {
    companies, relationships: relationships.byCompany, contacts: people.contactsByCompany,
    ctas: builder.ctas, plans: plans.rows, csmIds,
  });
  return [
    picklistRows(), users, activityTypeRows(), relationshipTypeTable(ctx), companyTable(companies),
    relationships.table, ...people.tables, ...scorecards, plans, ...builder.tables(), timeline,
  ];
}
