import { seedGsid } from '../gsid.js';
import { callToAction, csTask } from '../objects/index.js';
import type { SeedCompany } from './companies.js';
import type { SeedContext, SeedTable } from './context.js';
import { picklistId } from './reference.js';

type CtaType = 'Risk' | 'Expansion' | 'Lifecycle' | 'Activity' | 'Objective';

const TEMPLATES: Record<Exclude<CtaType, 'Objective'>, readonly (readonly [reason: string, name: string])[]> = {
  Risk: [['Low Usage', 'Product usage dropped'], ['Support Escalation', 'Escalated support tickets'],
    ['Champion Left', 'Champion left the company'], ['Budget Concerns', 'Budget concerns raised before renewal']],
  Expansion: [['Upsell Opportunity', 'Upsell opportunity: additional seats'], ['New Team Onboarding', 'New team wants to onboard']],
  Lifecycle: [['Onboarding', 'Complete onboarding'], ['Renewal', 'Prepare renewal'], ['QBR', 'Schedule quarterly business review']],
  Activity: [['Follow-up', 'Follow up on last call'], ['Check-in', 'Monthly check-in'], ['Product Feedback', 'Collect product feedback']],
};

const TASKS = ['Review usage dashboard', 'Email the champion', 'Prepare meeting agenda', 'Log call notes',
  'Confirm stakeholders', 'Send recap', 'Update success plan', 'Share best practices'] as const;

export interface SeedCtaInput {
  company: SeedCompany;
  type: CtaType;
  reason: string;
  name: string;
  open: boolean;
  dueOffset: number;
  relationshipId?: string | null;
  successPlanId?: string | null;
  closedStatus?: 'Closed Success' | 'Closed Lost';
}

/** Builds CTA rows plus one to three tasks each; tasks of a closed CTA are completed. */
export class CtaBuilder {
  readonly ctas: Record<string, unknown>[] = [];
  readonly tasks: Record<string, unknown>[] = [];

  constructor(private readonly ctx: SeedContext, private readonly csmIds: readonly string[]) {}

  add(input: SeedCtaInput): string {
    const { rng } = this.ctx;
    const gsid = seedGsid(callToAction.gsidPrefix, this.ctas.length);
    const owner = input.company.csm ?? rng.pick(this.csmIds);
    const status = input.open ? rng.weighted([['New', 55], ['Work In Progress', 45]] as const)
      : input.closedStatus ?? rng.weighted([['Closed Success', 75], ['Closed Lost', 25]] as const);
    const created = this.ctx.at(Math.min(input.dueOffset - rng.int(7, 45), 0));
    const closedOffset = input.open ? null : Math.min(input.dueOffset + rng.int(-5, 5), 0);
    this.ctas.push({
      gsid, name: input.name, company_id: input.company.gsid, relationship_id: input.relationshipId ?? null,
      entity_type: input.relationshipId ? 'RELATIONSHIP' : 'COMPANY', owner_id: owner,
      type_id: picklistId('CTA_TYPE', input.type), status_id: picklistId('CTA_STATUS', status),
      priority_id: picklistId('CTA_PRIORITY', input.type === 'Risk' ? rng.pick(['High', 'High', 'Medium'])
        : rng.weighted([['High', 2], ['Medium', 5], ['Low', 3]] as const)),
      reason_id: picklistId('CTA_REASON', input.reason), due_date: this.ctx.day(input.dueOffset),
      closed_date: closedOffset === null ? null : this.ctx.day(closedOffset), is_closed: !input.open,
      is_important: rng.chance(0.15), comments: `<p>${input.name} for <b>${input.company.name}</b>.</p>`,
      success_plan_id: input.successPlanId ?? null, source: input.successPlanId ? 'SUCCESS_PLAN' : rng.chance(0.4) ? 'RULES' : 'MANUAL',
      reference_id: null, created_date: created, modified_date: created,
    });
    for (let n = rng.int(1, 3); n > 0; n -= 1) this.addTask(gsid, input, owner);
    return gsid;
  }

  private addTask(ctaId: string, input: SeedCtaInput, owner: string): void {
    const { rng } = this.ctx;
    const status = !input.open ? 'Completed' : rng.weighted([['Open', 5], ['In Progress', 3], ['Completed', 2]] as const);
    const dueOffset = input.dueOffset - rng.int(0, 10);
    const created = this.ctx.at(Math.min(dueOffset - rng.int(5, 30), 0));
    this.tasks.push({
      gsid: seedGsid(csTask.gsidPrefix, this.tasks.length), name: rng.pick(TASKS), cta_id: ctaId,
      company_id: input.company.gsid, owner_id: owner, status: picklistId('TASK_STATUS', status),
      priority: picklistId('TASK_PRIORITY', rng.pick(['High', 'Medium', 'Low'])), due_date: this.ctx.day(dueOffset),
      closed_date: status === 'Completed' ? this.ctx.day(Math.min(dueOffset, 0)) : null, is_closed: status === 'Completed',
      description: `<p>${input.name}: next step.</p>`, reference_id: null, created_date: created, modified_date: created,
    });
  }

  tables(): SeedTable[] {
    return [{ table: callToAction.table, rows: this.ctas }, { table: csTask.table, rows: this.tasks }];
  }
}

/** Zero to five CTAs per company; unhealthy companies get Risk CTAs, healthy ones Expansion. */
export function generateCtas(ctx: SeedContext, companies: readonly SeedCompany[], relationships: Map<string, string[]>, builder: CtaBuilder): void {
  const { rng } = ctx;
  for (const company of companies) {
    for (let n = rng.weighted([[0, 1], [1, 3], [2, 3], [3, 3], [4, 2], [5, 1]] as const); n > 0; n -= 1) {
      const type = rng.weighted([
        ['Risk', company.health < 50 ? 6 : 1], ['Expansion', company.health > 75 ? 4 : 1], ['Lifecycle', 3], ['Activity', 3],
      ] as const);
      const [reason, name] = rng.pick(TEMPLATES[type]);
      const open = rng.chance(0.6);
      // About a third of open CTAs are overdue: that is what "overdue CTAs" questions look for.
      const dueOffset = open ? (rng.chance(0.35) ? rng.int(-30, -1) : rng.int(0, 60)) : rng.int(-120, -5);
      const related = relationships.get(company.gsid);
      const relationshipId = related && rng.chance(0.2) ? rng.pick(related) : null;
      builder.add({ company, type, reason, name, open, dueOffset, relationshipId });
    }
  }
}
