import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { T, textOf, today, usePackStack } from './support.js';

// What the gainsight-cs pack refuses: invalid arguments to every write tool come back as a tool
// error the model can act on and change nothing in the database; the actions the service does
// not support are refused with the pack's own reason and never reach the upstream.

const stack = usePackStack();
const service = parse(readFileSync('manifests/gainsight-cs/service.yaml', 'utf8')) as {
  policy: { permits: Array<{ object: string; actions: string[] }>; notSupported: Array<{ id: string; reason: string }> };
};
const reason = (id: string) => service.policy.notSupported.find((n) => n.id === id)!.reason;

const ABSENT = { company: `1P02${'Z'.repeat(32)}`, cta: `1S01${'Z'.repeat(32)}`, plan: `1S03${'Z'.repeat(32)}`, activity: `1A01${'Z'.repeat(32)}` };

let ids: { company: string; otherRelationship: string; cta: string; plan: string; activity: string; scorecardActivity: string };
let baseline: Record<string, string>;

beforeAll(async () => {
  const [company] = await stack.rows(`SELECT gsid FROM ${T.company} c WHERE EXISTS (SELECT 1 FROM ${T.relationship} r WHERE r.company_id <> c.gsid) ORDER BY gsid LIMIT 1`);
  const [otherRelationship] = await stack.rows(`SELECT gsid FROM ${T.relationship} WHERE company_id <> $1 ORDER BY gsid LIMIT 1`, [company!.gsid]);
  const [cta] = await stack.rows(`SELECT gsid FROM ${T.cta} WHERE NOT is_closed ORDER BY gsid LIMIT 1`);
  const [plan] = await stack.rows(`SELECT gsid FROM ${T.plan} WHERE NOT is_closed ORDER BY gsid LIMIT 1`);
  const [activity] = await stack.rows(`SELECT gsid FROM ${T.activity} WHERE context_name = 'Company' ORDER BY gsid LIMIT 1`);
  // A scorecard-level activity, as Gainsight itself may hold: logged directly upstream, not through the pack.
  const logged = await stack.upstream('POST', '/v1/ant/es/activity', {
    records: [{ ContextName: 'Scorecard', TypeName: 'Update', Subject: 'Score reviewed', ActivityDate: `${today()}T08:00:00Z`, CompanyId: company!.gsid, ExternalId: 'scorecard-level-1' }],
  });
  expect(logged.status, JSON.stringify(logged.body)).toBe(200);
  ids = {
    company: company!.gsid, otherRelationship: otherRelationship!.gsid, cta: cta!.gsid, plan: plan!.gsid, activity: activity!.gsid,
    scorecardActivity: logged.body.data.success[0].Gsid,
  };
  baseline = await stack.snapshot();
});

type Case = [label: string, args: () => Record<string, unknown>, message: RegExp];

const cases: Record<string, Case[]> = {
  create_cta: [
    ['a missing required field', () => ({ companyId: ids.company, type: 'Risk', dueDate: today(7) }), /^Invalid arguments: `name` is required\./],
    ['an unknown field', () => ({ companyId: ids.company, name: 'X', type: 'Risk', dueDate: today(7), severity: 'High' }), /`severity` is not an argument of this tool \(accepted: companyId, relationshipId, name, type/],
    ['a CTA type the tenant does not have', () => ({ companyId: ids.company, name: 'X', type: 'Urgent', dueDate: today(7) }), /GSOBJ_1002: Invalid value "Urgent" for type; valid values: Risk, Expansion, Lifecycle, Activity, Objective/],
    ['a priority the tenant does not have', () => ({ companyId: ids.company, name: 'X', type: 'Risk', priority: 'P1', dueDate: today(7) }), /valid values: High, Medium, Low/],
    ['an impossible date', () => ({ companyId: ids.company, name: 'X', type: 'Risk', dueDate: '2026-02-30' }), /`dueDate` must be a valid date \(YYYY-MM-DD\)/],
    ['a date in words', () => ({ companyId: ids.company, name: 'X', type: 'Risk', dueDate: 'next Friday' }), /`dueDate` must be a valid date/],
    ['a company GSID that does not exist', () => ({ companyId: ABSENT.company, name: 'X', type: 'Risk', dueDate: today(7) }), /GSOBJ_1004: CompanyId: no Company with GSID 1P02Z+\)\. An ID is not a valid GSID; look it up again/],
    ['a malformed company id', () => ({ companyId: 'acme', name: 'X', type: 'Risk', dueDate: today(7) }), /`companyId` must match pattern/],
    ['a relationship of another company', () => ({ companyId: ids.company, relationshipId: ids.otherRelationship, name: 'X', type: 'Risk', dueDate: today(7) }), /the relationship belongs to another company/],
    ['an owner who is not a user', () => ({ companyId: ids.company, name: 'X', type: 'Risk', dueDate: today(7), ownerEmail: 'someone@elsewhere.example' }), /GSOBJ_1004: OwnerId: no user with email/],
  ],
  create_cta_task: [
    ['a missing required field', () => ({ ctaId: ids.cta, name: 'Call' }), /`dueDate` is required/],
    ['an unknown field', () => ({ ctaId: ids.cta, name: 'Call', dueDate: today(3), assignee: 'me' }), /`assignee` is not an argument of this tool/],
    ['a task priority the tenant does not have', () => ({ ctaId: ids.cta, name: 'Call', dueDate: today(3), priority: 'Critical' }), /GSOBJ_1002: Invalid value "Critical" for priority; valid values: High, Medium, Low/],
    ['an impossible date', () => ({ ctaId: ids.cta, name: 'Call', dueDate: '2026-13-01' }), /`dueDate` must be a valid date/],
    ['a CTA GSID that does not exist', () => ({ ctaId: ABSENT.cta, name: 'Call', dueDate: today(3) }), /GSOBJ_1004: CTAId: no Call To Action with GSID/],
  ],
  create_success_plan: [
    ['a missing required field', () => ({ companyId: ids.company, name: 'Plan', dueDate: today(30) }), /`type` is required/],
    ['an unknown field', () => ({ companyId: ids.company, name: 'Plan', type: 'Adoption', dueDate: today(30), objectives: [] }), /`objectives` is not an argument of this tool/],
    ['a status the tenant does not have', () => ({ companyId: ids.company, name: 'Plan', type: 'Adoption', status: 'Paused', dueDate: today(30) }), /GSOBJ_1002: Invalid value "Paused" for status; valid values: Draft, Active, Completed, Cancelled/],
    ['a date in another format', () => ({ companyId: ids.company, name: 'Plan', type: 'Adoption', dueDate: '31/12/2026' }), /`dueDate` must be a valid date/],
    ['a company GSID that does not exist', () => ({ companyId: ABSENT.company, name: 'Plan', type: 'Adoption', dueDate: today(30) }), /GSOBJ_1004: CompanyId: no Company with GSID/],
  ],
  create_timeline_activity: [
    ['a missing required field', () => ({ context: 'Company', companyId: ids.company, type: 'Call', activityDate: `${today()}T10:00:00Z` }), /`subject` is required/],
    ['a missing context id', () => ({ context: 'Relationship', companyId: ids.company, type: 'Call', subject: 'S', activityDate: `${today()}T10:00:00Z` }), /^Invalid arguments: `relationshipId` is required\. Correct them/],
    ['an unknown field', () => ({ context: 'Company', companyId: ids.company, type: 'Call', subject: 'S', activityDate: `${today()}T10:00:00Z`, ContextName: 'Company' }), /`ContextName` is not an argument of this tool/],
    ['a context outside the enum', () => ({ context: 'Milestone', companyId: ids.company, type: 'Call', subject: 'S', activityDate: `${today()}T10:00:00Z` }), /`context` must be one of: Company, Relationship, CTA, SuccessPlan/],
    ['an activity type the tenant does not have', () => ({ context: 'Company', companyId: ids.company, type: 'Lunch', subject: 'S', activityDate: `${today()}T10:00:00Z` }), /GSOBJ_1002: Invalid field TypeName "Lunch"/],
    ['a type not allowed at that context', () => ({ context: 'CTA', ctaId: ids.cta, type: 'Feedback', subject: 'S', activityDate: `${today()}T10:00:00Z` }), /a type allowed for CTA \(Feedback is for Company, Relationship\)/],
    ['a date without a time', () => ({ context: 'Company', companyId: ids.company, type: 'Call', subject: 'S', activityDate: today() }), /`activityDate` must be a valid date-time \(ISO 8601/],
    ['an impossible date-time', () => ({ context: 'Company', companyId: ids.company, type: 'Call', subject: 'S', activityDate: '2026-02-30T10:00:00Z' }), /`activityDate` must be a valid date-time/],
    ['a company GSID that does not exist', () => ({ context: 'Company', companyId: ABSENT.company, type: 'Call', subject: 'S', activityDate: `${today()}T10:00:00Z` }), /GSOBJ_1004: CompanyId: no Company with GSID/],
    ['a success plan GSID that does not exist', () => ({ context: 'SuccessPlan', successPlanId: ABSENT.plan, type: 'Call', subject: 'S', activityDate: `${today()}T10:00:00Z` }), /GSOBJ_1004: SuccessPlanId: no Success Plan with GSID/],
  ],
  update_cta: [
    ['a missing required field', () => ({ status: 'Closed Success' }), /`ctaId` is required/],
    ['an unknown field', () => ({ ctaId: ids.cta, closed: true }), /`closed` is not an argument of this tool/],
    ['a status the tenant does not have', () => ({ ctaId: ids.cta, status: 'Done' }), /GSOBJ_1002: Invalid value "Done" for status; valid values: New, Work In Progress, Closed Success, Closed Lost/],
    ['an impossible date', () => ({ ctaId: ids.cta, dueDate: '2026-04-31' }), /`dueDate` must be a valid date/],
    ['a CTA GSID that does not exist', () => ({ ctaId: ABSENT.cta, name: 'X' }), /GSOBJ_1004: Gsid: no Call To Action with GSID/],
    ['nothing to change', () => ({ ctaId: ids.cta }), /^Nothing to change: give at least one of name, type, status/],
  ],
  update_success_plan: [
    ['a missing required field', () => ({ status: 'Active' }), /`successPlanId` is required/],
    ['an unknown field', () => ({ successPlanId: ids.plan, companyId: ids.company }), /`companyId` is not an argument of this tool/],
    ['a type the tenant does not have', () => ({ successPlanId: ids.plan, type: 'Upsell' }), /GSOBJ_1002: Invalid value "Upsell" for SuccessPlanType; valid values: Onboarding, Adoption/],
    ['an impossible date', () => ({ successPlanId: ids.plan, startDate: '2026-00-10' }), /`startDate` must be a valid date/],
    ['a plan GSID that does not exist', () => ({ successPlanId: ABSENT.plan, status: 'Active' }), /GSOBJ_1004: Gsid: no Success Plan with GSID/],
    ['nothing to change', () => ({ successPlanId: ids.plan }), /^Nothing to change: give at least one of name, type, status/],
  ],
  update_timeline_activity: [
    ['a missing required field', () => ({ activityId: ids.activity, subject: 'S' }), /`context` is required/],
    ['an unknown field', () => ({ activityId: ids.activity, context: 'Company', companyId: ids.company }), /`companyId` is not an argument of this tool/],
    ['a context outside the enum', () => ({ activityId: ids.activity, context: 'Milestone', subject: 'S' }), /`context` must be one of: Company, Relationship, CTA, SuccessPlan/],
    ['an activity type the tenant does not have', () => ({ activityId: ids.activity, context: 'Company', type: 'Lunch' }), /GSOBJ_1002: Invalid field TypeName "Lunch"/],
    ['a date without a time', () => ({ activityId: ids.activity, context: 'Company', activityDate: today() }), /`activityDate` must be a valid date-time/],
    ['an activity GSID that does not exist', () => ({ activityId: ABSENT.activity, context: 'Company', subject: 'S' }), /^No timeline activity has the GSID 1A01Z+; find it with list_timeline_activities\. Nothing was changed\.$/],
    ['the wrong context for the activity', () => ({ activityId: ids.activity, context: 'CTA', subject: 'S' }), /^This activity is logged at Company level, not CTA; call again with context Company\. Nothing was changed\.$/],
    ['nothing to change', () => ({ activityId: ids.activity, context: 'Company' }), /^Nothing to change: give at least one of subject, notes/],
  ],
};

describe.each(Object.keys(cases))('%s with invalid arguments', (tool) => {
  it.each(cases[tool]!)('refuses %s with a clear message and changes nothing', async (_label, args, message) => {
    const result = await stack.raw(tool, args());
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(message);
    expect(result.structuredContent).toBeUndefined();
    expect(await stack.snapshot()).toEqual(baseline);
  });
});

describe('not supported on purpose', () => {
  const scorecardReason = reason('timeline-scorecard-context');

  const refusedBeforeUpstream = async (tool: string, args: Record<string, unknown>, expected: string) => {
    const sent = (await stack.sandbox.requestLog()).length;
    const result = await stack.raw(tool, args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(expected);
    expect((await stack.sandbox.requestLog()).length, 'nothing was sent upstream').toBe(sent);
    expect(await stack.snapshot()).toEqual(baseline);
  };

  // Scorecard is not in the enum: the not-supported check runs before input validation, so the
  // model hears the pack's reason rather than "must be one of".
  it('a timeline activity at Scorecard level gets the pack\'s reason, not an enum error', async () => {
    await refusedBeforeUpstream('create_timeline_activity', { context: 'Scorecard', companyId: ids.company, type: 'Update', subject: 'Score changed', activityDate: `${today()}T10:00:00Z` }, `Not supported: ${scorecardReason}`);
  });

  it('so does ScorecardMeasure, even with otherwise invalid arguments', async () => {
    await refusedBeforeUpstream('create_timeline_activity', { context: 'ScorecardMeasure', subject: 'x', bogus: 1 }, `Not supported: ${reason('timeline-scorecard-measure-context')}`);
  });

  it('update_timeline_activity refuses context Scorecard with the same reason', async () => {
    await refusedBeforeUpstream('update_timeline_activity', { activityId: ids.scorecardActivity, context: 'Scorecard', subject: 'Edited' }, `Not supported: ${scorecardReason}`);
  });

  it('a scorecard-level activity cannot be changed by calling it Company: its real context is checked first', async () => {
    const puts = async () => (await stack.sandbox.requestLog({ method: 'PUT' })).length;
    const before = await puts();
    const result = await stack.raw('update_timeline_activity', { activityId: ids.scorecardActivity, context: 'Company', subject: 'Edited' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Not supported: this activity is logged at Scorecard level, and timeline activities at scorecard level cannot be changed through the assistant\. Nothing was changed\.$/);
    expect(await puts(), 'no update was sent upstream').toBe(before);
    expect(await stack.snapshot()).toEqual(baseline);
  });

  it('the MCP instructions tell the model every refused action with its reason', () => {
    const instructions = stack.client.getInstructions() ?? '';
    const refused = instructions.split('\n\n').find((s) => s.startsWith('Not supported'))!;
    for (const id of ['delete-records', 'company-field-updates', 'admin-configuration', 'scorecard-writes', 'timeline-scorecard-context']) {
      expect(refused).toContain(`- ${reason(id)}`);
    }
    expect(refused).toMatch(/Deleting records .* is not supported/);
    expect(refused).toMatch(/Company fields .* cannot be created or changed/);
    expect(refused).toMatch(/Admin-level configuration .* cannot be changed/);
    expect(refused).toMatch(/Scorecards are read only here/);
    const permitted = instructions.split('\n\n').find((s) => s.startsWith('Writes permitted by policy:'))!;
    expect(permitted.split('\n').slice(1)).toEqual([
      '- cta: create, update', '- cta_task: create', '- success_plan: create, update',
      '- timeline_activity: create, update (only at Company, Relationship, CTA, SuccessPlan level)',
    ]);
  });

  it('no tool can delete, write a company, configure the tenant or write a scorecard', async () => {
    const { tools } = await stack.client.listTools();
    expect(tools).toHaveLength(23);
    expect(tools.map((t) => t.name).filter((n) => /delete|remove|company_(create|update)|scorecard_(create|update)|picklist_(create|update)/.test(n))).toEqual([]);
    const runtime = stack.server.registry.services.find((s) => s.service.name === 'gainsight-cs')!;
    const shapes = [...runtime.tools.values()].flatMap((t) => t.invoker.requestShapes.map((s) => `${s.method} ${s.path}`));
    expect(shapes.filter((s) => s.startsWith('DELETE') || /^(POST|PUT|PATCH) \/v1\/data\/objects\/Company$/i.test(s) || s.includes('/admin/picklist') && !s.startsWith('GET'))).toEqual([]);
    const writes = [...runtime.tools.values()].flatMap((t) => t.policy.writes.map((w) => `${w.object}:${w.action}`));
    expect(new Set(writes)).toEqual(new Set(service.policy.permits.flatMap((p) => p.actions.map((a) => `${p.object}:${a}`))));
    for (const tool of tools) {
      const writing = runtime.tools.get(tool.name)!.effect === 'write';
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(!writing);
      expect(tool.annotations?.destructiveHint, tool.name).toBe(writing && tool.name.startsWith('update_'));
    }
  });
});
