import { beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeyOf } from '../../engine/compile/expression.js';
import type { CreateCtaInput, CreateTimelineActivityInput } from '../../generated/gainsight-cs.js';
import { T, today, usePackStack } from './support.js';

// Every write tool of the gainsight-cs pack: what it writes is in the database, later reads through
// the read tools show it, and the same call again writes nothing new (same idempotency key).

const stack = usePackStack();
const { tools } = stack;

const count = async (table: string) => (await stack.rows<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
const row = async (table: string, gsid: string) => (await stack.rows(`SELECT * FROM ${table} WHERE gsid = $1`, [gsid]))[0]!;
const pickName = async (gsid: string | null) => (gsid ? (await stack.rows(`SELECT name FROM ${T.picklist} WHERE gsid = $1`, [gsid]))[0]?.name : null);

let company: { gsid: string; name: string };
let rel: { gsid: string; company_id: string };
let owner: { gsid: string; email: string; name: string };
let contact: { email: string; gsid: string };

beforeAll(async () => {
  [rel] = (await stack.rows(`SELECT gsid, company_id FROM ${T.relationship} ORDER BY gsid LIMIT 1`)) as [typeof rel];
  [company] = (await stack.rows(`SELECT gsid, name FROM ${T.company} WHERE gsid = $1`, [rel.company_id])) as [typeof company];
  [owner] = (await stack.rows(`SELECT gsid, email, name FROM ${T.user} WHERE is_active_user ORDER BY gsid DESC LIMIT 1`)) as [typeof owner];
  [contact] = (await stack.rows(
    `SELECT p.email, p.gsid FROM sandbox.person p JOIN sandbox.company_person cp ON cp.person_id = p.gsid WHERE cp.company_id = $1 AND p.email IS NOT NULL ORDER BY p.gsid LIMIT 1`,
    [company.gsid],
  )) as [typeof contact];
});

const COMMENTS = 'Usage fell 40% after the champion left & the <b>new</b> sponsor is "unconvinced".\nWeekly actives: 120 → 72.\n\nAgree a recovery plan.';
const COMMENTS_HTML =
  '<p>Usage fell 40% after the champion left &amp; the &lt;b&gt;new&lt;/b&gt; sponsor is &quot;unconvinced&quot;.<br>Weekly actives: 120 → 72.</p><p>Agree a recovery plan.</p>';
const COMMENTS_PLAIN = 'Usage fell 40% after the champion left & the <b>new</b> sponsor is "unconvinced". Weekly actives: 120 → 72. Agree a recovery plan.';

describe('CTAs and tasks', () => {
  let ctaId: string;
  let taskId: string;
  const cta = (): CreateCtaInput => ({
    companyId: company.gsid, name: 'Usage dropped after champion left', type: 'Risk', priority: 'High', reason: 'Champion Left',
    dueDate: today(14), ownerEmail: owner.email, important: true, comments: COMMENTS,
  });

  it('create_cta writes the CTA with picklists by name, the owner, escaped comments and the idempotency key', async () => {
    const before = await count(T.cta);
    const out = await tools.call('create_cta', cta());
    expect(out).toEqual({ ctaId: expect.stringMatching(/^1S01[0-9A-Z]{32}$/), created: true, referenceId: idempotencyKeyOf(cta()) });
    ctaId = out.ctaId;
    expect(await count(T.cta)).toBe(before + 1);
    const stored = await row(T.cta, ctaId);
    expect(stored).toMatchObject({
      name: 'Usage dropped after champion left', company_id: company.gsid, relationship_id: null, entity_type: 'COMPANY', owner_id: owner.gsid,
      due_date: today(14), is_closed: false, is_important: true, comments: COMMENTS_HTML, reference_id: idempotencyKeyOf(cta()),
    });
    expect([await pickName(stored.type_id), await pickName(stored.priority_id), await pickName(stored.reason_id), await pickName(stored.status_id)])
      .toEqual(['Risk', 'High', 'Champion Left', 'New']);
  });

  it('the new CTA shows up in list_ctas and in the account summary', async () => {
    const listed = await tools.call('list_ctas', { companyId: company.gsid, types: ['Risk'], limit: 100 });
    expect(listed.ctas.find((c) => c.gsid === ctaId)).toEqual({
      gsid: ctaId, name: 'Usage dropped after champion left', companyId: company.gsid, companyName: company.name, relationshipId: null,
      type: 'Risk', status: 'New', priority: 'High', reason: 'Champion Left', dueDate: today(14), overdue: false, closed: false,
      closedDate: null, important: true, owner: owner.name, ownerId: owner.gsid, successPlanId: null, comments: COMMENTS_PLAIN,
    });
    const summary = await tools.call('get_account_summary', { companyId: company.gsid });
    expect(summary.openCtas!.items!.map((c) => c.gsid)).toContain(ctaId);
  });

  it('create_cta again with the same arguments returns the first CTA and creates nothing', async () => {
    const before = await count(T.cta);
    const again = await tools.call('create_cta', cta());
    expect(again).toMatchObject({ ctaId, created: false, note: expect.stringContaining('nothing new was created') });
    expect(await count(T.cta)).toBe(before);
  });

  it('create_cta at relationship level', async () => {
    const out = await tools.call('create_cta', { companyId: company.gsid, relationshipId: rel.gsid, name: 'Expand to the EU team', type: 'Expansion', dueDate: today(30) });
    expect(await row(T.cta, out.ctaId)).toMatchObject({ relationship_id: rel.gsid, entity_type: 'RELATIONSHIP', owner_id: expect.any(String) });
    const listed = await tools.call('list_ctas', { relationshipId: rel.gsid });
    expect(listed.ctas.map((c) => c.gsid)).toContain(out.ctaId);
  });

  it('create_cta_task adds a task to the CTA, owned by the CTA\'s owner unless told otherwise', async () => {
    const args = { ctaId, name: 'Schedule exec sponsor call', dueDate: today(7), priority: 'High', description: 'Ask for 30 minutes.\n\nBring the usage report.' };
    const before = await count(T.task);
    const out = await tools.call('create_cta_task', args);
    expect(out).toEqual({ taskId: expect.stringMatching(/^1S02[0-9A-Z]{32}$/), ctaId, created: true, referenceId: idempotencyKeyOf(args) });
    taskId = out.taskId;
    expect(await count(T.task)).toBe(before + 1);
    const stored = await row(T.task, taskId);
    expect(stored).toMatchObject({
      cta_id: ctaId, company_id: company.gsid, owner_id: owner.gsid, name: 'Schedule exec sponsor call', due_date: today(7), is_closed: false,
      description: '<p>Ask for 30 minutes.</p><p>Bring the usage report.</p>', reference_id: idempotencyKeyOf(args),
    });
    expect([await pickName(stored.status), await pickName(stored.priority)]).toEqual(['Open', 'High']);
    const listed = await tools.call('list_cta_tasks', { ctaId });
    expect(listed.tasks).toEqual([expect.objectContaining({
      gsid: taskId, name: 'Schedule exec sponsor call', status: 'Open', priority: 'High', dueDate: today(7), owner: owner.name,
      ctaName: 'Usage dropped after champion left', description: 'Ask for 30 minutes. Bring the usage report.',
    })]);
    const again = await tools.call('create_cta_task', args);
    expect(again).toMatchObject({ taskId, created: false });
    expect(await count(T.task)).toBe(before + 1);
  });

  it('update_cta changes the given fields only, and a repeat changes nothing more', async () => {
    const before = await row(T.cta, ctaId);
    const args = { ctaId, status: 'Work In Progress', priority: 'Medium', dueDate: today(21), comments: 'Recovery plan agreed.' };
    const out = await tools.call('update_cta', args);
    expect(out).toEqual({
      ctaId, updated: true,
      cta: expect.objectContaining({ gsid: ctaId, status: 'Work In Progress', priority: 'Medium', dueDate: today(21), closed: false, type: 'Risk', reason: 'Champion Left', important: true }),
    });
    const after = await row(T.cta, ctaId);
    expect(after).toMatchObject({ name: before.name, owner_id: before.owner_id, type_id: before.type_id, reason_id: before.reason_id, due_date: today(21), comments: '<p>Recovery plan agreed.</p>' });
    expect(await pickName(after.status_id)).toBe('Work In Progress');
    const ctas = await count(T.cta);
    await tools.call('update_cta', args);
    const repeated = await row(T.cta, ctaId);
    expect({ ...repeated, modified_date: null }).toEqual({ ...after, modified_date: null });
    expect(await count(T.cta)).toBe(ctas);
    const listed = await tools.call('list_ctas', { companyId: company.gsid, statuses: ['Work In Progress'], limit: 100 });
    expect(listed.ctas.find((c) => c.gsid === ctaId)).toMatchObject({ priority: 'Medium', comments: 'Recovery plan agreed.' });
  });

  it('update_cta with a closing status closes the CTA: it leaves the open list and joins the closed one', async () => {
    const out = await tools.call('update_cta', { ctaId, status: 'Closed Success', ownerId: owner.gsid });
    expect(out.cta).toMatchObject({ status: 'Closed Success', closed: true, closedDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(await row(T.cta, ctaId)).toMatchObject({ is_closed: true });
    expect((await tools.call('list_ctas', { companyId: company.gsid, limit: 100 })).ctas.map((c) => c.gsid)).not.toContain(ctaId);
    expect((await tools.call('list_ctas', { companyId: company.gsid, state: 'closed', limit: 100 })).ctas.map((c) => c.gsid)).toContain(ctaId);
  });
});

describe('success plans', () => {
  let planId: string;
  let objectiveId: string;
  const plan = () => ({
    companyId: company.gsid, name: `${company.name} Adoption Plan`, type: 'Adoption', status: 'Active', startDate: today(), dueDate: today(90),
    ownerId: owner.gsid, description: 'Get three teams live by the end of the quarter.',
  });

  it('create_success_plan writes the plan, shows up in list_success_plans, and a repeat creates nothing', async () => {
    const before = await count(T.plan);
    const out = await tools.call('create_success_plan', plan());
    expect(out).toEqual({ successPlanId: expect.stringMatching(/^1S03[0-9A-Z]{32}$/), created: true, referenceId: idempotencyKeyOf(plan()) });
    planId = out.successPlanId;
    const stored = await row(T.plan, planId);
    expect(stored).toMatchObject({
      name: plan().name, company_id: company.gsid, owner_id: owner.gsid, start_date: today(), due_date: today(90), is_closed: false,
      comments: '<p>Get three teams live by the end of the quarter.</p>', reference_id: idempotencyKeyOf(plan()),
    });
    expect([await pickName(stored.type_id), await pickName(stored.status_id)]).toEqual(['Adoption', 'Active']);
    expect(await count(T.plan)).toBe(before + 1);
    const listed = await tools.call('list_success_plans', { companyId: company.gsid });
    expect(listed.successPlans.find((p) => p.gsid === planId)).toEqual({
      gsid: planId, name: plan().name, companyId: company.gsid, companyName: company.name, relationshipId: null, type: 'Adoption', status: 'Active',
      startDate: today(), dueDate: today(90), closed: false, closedDate: null, owner: owner.name, ownerId: owner.gsid,
      objectives: { total: 0, open: 0 }, description: 'Get three teams live by the end of the quarter.',
    });
    expect(await tools.call('create_success_plan', plan())).toMatchObject({ successPlanId: planId, created: false });
    expect(await count(T.plan)).toBe(before + 1);
  });

  it('a CTA created with successPlanId is an objective of the plan', async () => {
    const out = await tools.call('create_cta', { companyId: company.gsid, successPlanId: planId, name: 'Team 2 live', type: 'Objective', dueDate: today(45) });
    objectiveId = out.ctaId;
    expect(await row(T.cta, objectiveId)).toMatchObject({ success_plan_id: planId });
    expect((await tools.call('list_ctas', { successPlanId: planId })).ctas.map((c) => c.gsid)).toEqual([objectiveId]);
    const listed = await tools.call('list_success_plans', { companyId: company.gsid });
    expect(listed.successPlans.find((p) => p.gsid === planId)?.objectives).toEqual({ total: 1, open: 1 });
  });

  it('update_success_plan to Completed closes the plan and its open objectives; a repeat closes nothing more', async () => {
    const out = await tools.call('update_success_plan', { successPlanId: planId, status: 'Completed', dueDate: today(60) });
    expect(out).toEqual({
      successPlanId: planId, updated: true, closedObjectives: 1,
      successPlan: expect.objectContaining({ gsid: planId, status: 'Completed', closed: true, dueDate: today(60), type: 'Adoption' }),
    });
    expect(await row(T.plan, planId)).toMatchObject({ is_closed: true, due_date: today(60) });
    const objective = await row(T.cta, objectiveId);
    expect(objective.is_closed).toBe(true);
    expect(await pickName(objective.status_id)).toBe('Closed Success');
    const ctas = await count(T.cta);
    const plans = await count(T.plan);
    expect(await tools.call('update_success_plan', { successPlanId: planId, status: 'Completed', dueDate: today(60) })).toMatchObject({ closedObjectives: 0 });
    expect([await count(T.cta), await count(T.plan)]).toEqual([ctas, plans]);
    const closed = await tools.call('list_success_plans', { companyId: company.gsid, state: 'closed' });
    expect(closed.successPlans.find((p) => p.gsid === planId)).toMatchObject({ status: 'Completed', objectives: { total: 1, open: 0 } });
    expect((await tools.call('list_success_plans', { companyId: company.gsid })).successPlans.map((p) => p.gsid)).not.toContain(planId);
  });

  it('update_success_plan renames and changes type without touching the rest', async () => {
    const before = await row(T.plan, planId);
    await tools.call('update_success_plan', { successPlanId: planId, name: 'Renamed plan', type: 'Renewal', description: 'New scope.' });
    const after = await row(T.plan, planId);
    expect(after).toMatchObject({ name: 'Renamed plan', comments: '<p>New scope.</p>', status_id: before.status_id, due_date: before.due_date, owner_id: before.owner_id });
    expect(await pickName(after.type_id)).toBe('Renewal');
  });
});

describe('timeline', () => {
  const at = `${today(-1)}T09:30:00.000Z`;
  let targets: Record<'Company' | 'Relationship' | 'CTA' | 'SuccessPlan', { args: Partial<CreateTimelineActivityInput>; column: string; id: string; filter: string }>;
  const created: Record<string, string> = {};

  beforeAll(async () => {
    const [cta] = await stack.rows(`SELECT gsid, company_id FROM ${T.cta} WHERE NOT is_closed ORDER BY gsid LIMIT 1`);
    const [plan] = await stack.rows(`SELECT gsid, company_id FROM ${T.plan} WHERE NOT is_closed ORDER BY gsid LIMIT 1`);
    targets = {
      Company: { args: { companyId: company.gsid }, column: 'gs_company_id', id: company.gsid, filter: 'companyId' },
      Relationship: { args: { relationshipId: rel.gsid }, column: 'gs_relationship_id', id: rel.gsid, filter: 'relationshipId' },
      CTA: { args: { ctaId: cta!.gsid }, column: 'cta_id', id: cta!.gsid, filter: 'ctaId' },
      SuccessPlan: { args: { successPlanId: plan!.gsid }, column: 'success_plan_id', id: plan!.gsid, filter: 'successPlanId' },
    };
  });

  const activity = (context: keyof typeof targets): CreateTimelineActivityInput => ({
    context, ...targets[context].args, type: 'Call', subject: `Check-in on the ${context}`, activityDate: at,
    notes: 'Talked budget & timing.\n\nNext: send the <order form>.', authorEmail: owner.email,
  });

  it.each(['Company', 'Relationship', 'CTA', 'SuccessPlan'] as const)('create_timeline_activity logs a call at %s level, visible through list_timeline_activities; a repeat logs nothing', async (context) => {
    const before = await count(T.activity);
    const args = activity(context);
    const out = await tools.call('create_timeline_activity', args);
    expect(out).toEqual({ activityId: expect.stringMatching(/^[0-9A-Z]{36}$/), context, created: true, externalId: idempotencyKeyOf(args) });
    created[context] = out.activityId;
    expect(await count(T.activity)).toBe(before + 1);
    const stored = await row(T.activity, out.activityId);
    expect(stored).toMatchObject({
      context_name: context, type_name: 'Call', subject: `Check-in on the ${context}`, external_id: idempotencyKeyOf(args), author_id: owner.gsid,
      notes: '<p>Talked budget &amp; timing.</p><p>Next: send the &lt;order form&gt;.</p>', [targets[context].column]: targets[context].id,
    });
    expect((stored.activity_date as Date).toISOString()).toBe(at);
    const listed = await tools.call('list_timeline_activities', { [targets[context].filter]: targets[context].id, from: today(-1), to: today(-1), limit: 100 });
    expect(listed.activities.find((a) => a.gsid === out.activityId)).toMatchObject({
      subject: `Check-in on the ${context}`, type: 'Call', context, author: owner.name, date: at, externalId: idempotencyKeyOf(args),
      notes: 'Talked budget & timing. Next: send the <order form>.',
    });
    expect(await tools.call('create_timeline_activity', args)).toMatchObject({ activityId: out.activityId, created: false });
    expect(await count(T.activity)).toBe(before + 1);
  });

  it('create_timeline_activity records internal and external attendees', async () => {
    const out = await tools.call('create_timeline_activity', {
      context: 'Company', companyId: company.gsid, type: 'Meeting', subject: 'QBR', activityDate: at, internalAttendees: [owner.email], externalAttendees: [contact.email],
    });
    expect(await row(T.activity, out.activityId)).toMatchObject({ internal_attendees: [owner.gsid], external_attendees: [contact.gsid], type_name: 'Meeting' });
  });

  it('update_timeline_activity changes the subject, notes and type; a repeat changes nothing more', async () => {
    const id = created.Company!;
    const args = { activityId: id, context: 'Company' as const, subject: 'Renewal check-in', notes: 'Budget approved.', type: 'Meeting' };
    const before = await count(T.activity);
    const out = await tools.call('update_timeline_activity', args);
    expect(out).toEqual({
      activityId: id, updated: true,
      activity: { gsid: id, subject: 'Renewal check-in', type: 'Meeting', context: 'Company', date: at, notes: 'Budget approved.', externalId: expect.any(String) },
    });
    const after = await row(T.activity, id);
    expect(after).toMatchObject({ subject: 'Renewal check-in', notes: '<p>Budget approved.</p>', type_name: 'Meeting', context_name: 'Company', gs_company_id: company.gsid });
    await tools.call('update_timeline_activity', args);
    expect({ ...(await row(T.activity, id)), last_modified_date: null }).toEqual({ ...after, last_modified_date: null });
    expect(await count(T.activity)).toBe(before);
    const listed = await tools.call('list_timeline_activities', { activityId: id });
    expect(listed.activities).toEqual([expect.objectContaining({ gsid: id, subject: 'Renewal check-in', type: 'Meeting', notes: 'Budget approved.' })]);
  });

  it('update_timeline_activity moves the date of a CTA-level activity', async () => {
    const id = created.CTA!;
    const moved = `${today(-2)}T16:00:00.000Z`;
    await tools.call('update_timeline_activity', { activityId: id, context: 'CTA', activityDate: moved });
    expect(((await row(T.activity, id)).activity_date as Date).toISOString()).toBe(moved);
    const listed = await tools.call('list_timeline_activities', { ctaId: targets.CTA.id, from: today(-2), to: today(-2) });
    expect(listed.activities.map((a) => a.gsid)).toContain(id);
  });
});
