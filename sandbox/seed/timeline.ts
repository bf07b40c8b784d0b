import { seedGsid } from '../gsid.js';
import { activityTimeline, activityType } from '../objects/index.js';
import type { SeedCompany } from './companies.js';
import type { SeedContext, SeedTable } from './context.js';

export const ACTIVITY_COUNT = 5000;

const SUBJECTS: Record<string, readonly string[]> = {
  Call: ['Weekly sync call', 'Renewal discussion', 'Escalation call', 'Roadmap walkthrough', 'Usage review call'],
  Email: ['Sent onboarding checklist', 'Shared release notes', 'Followed up on open tickets', 'Sent QBR deck'],
  Meeting: ['Quarterly business review', 'Executive sponsor meeting', 'Admin training session', 'Kickoff meeting'],
  Update: ['Account health update', 'Internal note: pricing concerns', 'Status update', 'Adoption update'],
  Milestone: ['Went live', 'Completed onboarding', 'Signed renewal', 'Reached 100 active users'],
  Feedback: ['Feature request: SSO for contractors', 'Feedback on reporting', 'Praise for support team'],
};

export interface TimelineSources {
  companies: readonly SeedCompany[];
  relationships: Map<string, string[]>;
  contacts: Map<string, string[]>;
  ctas: readonly Record<string, unknown>[];
  plans: readonly Record<string, unknown>[];
  csmIds: readonly string[];
}

/** Exactly 5,000 activities over the last year: company 55%, relationship 15%, CTA 20%, plan 10%. */
export function generateTimeline(ctx: SeedContext, src: TimelineSources): SeedTable {
  const { rng } = ctx;
  const withRelationships = src.companies.filter((c) => src.relationships.has(c.gsid));
  const byGsid = new Map(src.companies.map((c) => [c.gsid, c]));
  const rows: Record<string, unknown>[] = [];
  while (rows.length < ACTIVITY_COUNT) {
    const context = rng.weighted([['Company', 55], ['Relationship', 15], ['CTA', 20], ['SuccessPlan', 10]] as const);
    let company = rng.pick(src.companies);
    let relationshipId: string | null = null;
    let ctaId: string | null = null;
    let planId: string | null = null;
    if (context === 'Relationship') {
      company = rng.pick(withRelationships);
      relationshipId = rng.pick(src.relationships.get(company.gsid) ?? []);
    } else if (context === 'CTA') {
      const cta = rng.pick(src.ctas);
      ctaId = String(cta.gsid);
      company = byGsid.get(String(cta.company_id)) ?? company;
      relationshipId = (cta.relationship_id as string | null) ?? null;
    } else if (context === 'SuccessPlan') {
      const plan = rng.pick(src.plans);
      planId = String(plan.gsid);
      company = byGsid.get(String(plan.company_id)) ?? company;
    }
    const type = context === 'Company' || context === 'Relationship'
      ? rng.weighted([['Call', 25], ['Email', 30], ['Meeting', 20], ['Update', 15], ['Milestone', 5], ['Feedback', 5]] as const)
      : rng.weighted([['Call', 30], ['Email', 30], ['Meeting', 20], ['Update', 20]] as const);
    const author = company.csm ?? rng.pick(src.csmIds);
    const when = ctx.at(-rng.int(0, 364));
    const contacts = src.contacts.get(company.gsid) ?? [];
    const subject = rng.pick(SUBJECTS[type] ?? ['Activity']);
    const index = rows.length;
    rows.push({
      gsid: seedGsid(activityTimeline.gsidPrefix, index),
      external_id: `seed-activity-${String(index + 1).padStart(5, '0')}`,
      subject,
      notes: `<p>${subject} with <b>${company.name}</b>.</p><ul><li>Next step agreed</li></ul>`,
      activity_date: when, context_name: context, type_name: type,
      type_id: seedGsid(activityType.gsidPrefix, type), author_id: author,
      gs_company_id: company.gsid, gs_relationship_id: relationshipId, cta_id: ctaId, success_plan_id: planId,
      scorecard_measure_id: null,
      internal_attendees: [author, ...rng.sample(src.csmIds.filter((id) => id !== author), rng.int(0, 1))],
      external_attendees: rng.sample(contacts, rng.int(0, Math.min(3, contacts.length))),
      source: 'SEED', created_date: when, last_modified_date: when,
    });
  }
  return { table: activityTimeline.table, rows };
}
