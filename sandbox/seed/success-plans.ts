import { seedGsid } from '../gsid.js';
import { ctaGroup } from '../objects/index.js';
import type { CtaBuilder } from './cockpit.js';
import type { SeedCompany } from './companies.js';
import type { SeedContext, SeedTable } from './context.js';
import { picklistId } from './reference.js';

const OBJECTIVES: Record<string, readonly string[]> = {
  Onboarding: ['Complete technical setup', 'Train admin users', 'Go live with first team', 'Hand off to CSM'],
  Adoption: ['Reach 70% weekly active users', 'Enable advanced reports', 'Run adoption workshop', 'Roll out to second team'],
  Renewal: ['Confirm renewal stakeholders', 'Present ROI review', 'Agree commercial terms', 'Sign renewal'],
  Expansion: ['Identify expansion teams', 'Run pilot for new module', 'Build business case', 'Close expansion order'],
  'Risk Mitigation': ['Fix open escalations', 'Re-engage executive sponsor', 'Restore usage to baseline', 'Agree recovery plan'],
};

/** Half the companies have a success plan with two to four objective CTAs. */
export function generateSuccessPlans(ctx: SeedContext, companies: readonly SeedCompany[], builder: CtaBuilder): SeedTable {
  const { rng } = ctx;
  const rows: Record<string, unknown>[] = [];
  for (const company of companies) {
    if (!rng.chance(0.5)) continue;
    const type = company.health < 45 ? 'Risk Mitigation' : rng.pick(['Onboarding', 'Adoption', 'Renewal', 'Expansion']);
    const status = rng.weighted([['Active', 50], ['Draft', 15], ['Completed', 25], ['Cancelled', 10]] as const);
    const closed = status === 'Completed' || status === 'Cancelled';
    const startOffset = closed ? rng.int(-300, -90) : rng.int(-120, 0);
    const dueOffset = closed ? startOffset + rng.int(45, 80) : rng.int(20, 150);
    const gsid = seedGsid(ctaGroup.gsidPrefix, rows.length);
    const created = ctx.at(Math.min(startOffset - rng.int(1, 10), 0));
    rows.push({
      gsid, name: `${company.name} ${type} Plan`, company_id: company.gsid, relationship_id: null, entity_type: 'COMPANY',
      owner_id: company.csm, type_id: picklistId('SUCCESS_PLAN_TYPE', type), status_id: picklistId('SUCCESS_PLAN_STATUS', status),
      start_date: ctx.day(startOffset), due_date: ctx.day(dueOffset), closed_date: closed ? ctx.day(Math.min(dueOffset, 0)) : null,
      is_closed: closed, comments: `<p>${type} plan for <b>${company.name}</b>.</p>`, reference_id: null,
      created_date: created, modified_date: created,
    });
    const objectives = rng.sample(OBJECTIVES[type] ?? [], rng.int(2, 4));
    objectives.forEach((name, i) => {
      const due = startOffset + Math.round(((dueOffset - startOffset) * (i + 1)) / objectives.length);
      // Objectives of a closed plan are closed with it; in an open plan the early ones may be done.
      const open = !closed && !(due < 0 && rng.chance(0.6));
      builder.add({
        company, type: 'Objective', reason: 'Success Plan Objective', name, open, dueOffset: due,
        successPlanId: gsid, closedStatus: status === 'Cancelled' ? 'Closed Lost' : 'Closed Success',
      });
    });
  }
  return { table: ctaGroup.table, rows };
}
