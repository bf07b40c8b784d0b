import { beforeAll, describe, expect, it } from 'vitest';
import type { ListCtasInput } from '../../generated/gainsight-cs.js';
import { sizeOf, T, today, usePackStack } from './support.js';

// Every read tool of the gainsight-cs pack against what the sandbox's database holds: the tool's
// answer must be exactly what a direct query finds, in the same order, paged without gaps.

const stack = usePackStack();
const { tools } = stack;

const pick = (table: string, column: string) => `(SELECT p.name FROM ${T.picklist} p WHERE p.gsid = ${table}.${column})`;
const userName = (column: string) => `(SELECT u.name FROM ${T.user} u WHERE u.gsid = ${column})`;

/** A company with many open CTAs, relationships, plans and activities: the richest one to read. */
let busy: { gsid: string; name: string };
/** A CTA with several tasks. */
let ctaWithTasks: string;

beforeAll(async () => {
  [busy] = (await stack.rows<{ gsid: string; name: string }>(
    `SELECT c.gsid, c.name FROM ${T.company} c
     WHERE EXISTS (SELECT 1 FROM ${T.relationship} r WHERE r.company_id = c.gsid)
       AND EXISTS (SELECT 1 FROM ${T.plan} s WHERE s.company_id = c.gsid AND NOT s.is_closed)
     ORDER BY (SELECT count(*) FROM ${T.cta} x WHERE x.company_id = c.gsid AND NOT x.is_closed) DESC, c.gsid LIMIT 1`,
  )) as [typeof busy];
  ctaWithTasks = (await stack.rows(`SELECT cta_id FROM ${T.task} GROUP BY cta_id ORDER BY count(*) DESC, cta_id LIMIT 1`))[0]!.cta_id;
});

describe('companies and users', () => {
  it('resolve_company finds names containing the text, largest ARR first', async () => {
    const out = await tools.call('resolve_company', { name: 'RO', limit: 10 });
    const expected = await stack.rows(
      `SELECT gsid, name, arr, to_char(renewal_date, 'YYYY-MM-DD') AS renewal, current_score, ${pick('c', 'stage')} AS stage,
              ${userName('c.csm')} AS csm
       FROM ${T.company} c WHERE lower(name) LIKE '%ro%' ORDER BY arr DESC, gsid LIMIT 10`,
    );
    expect(expected).toHaveLength(10);
    expect(out.companies).toEqual(expected.map((c) => expect.objectContaining({
      gsid: c.gsid, name: c.name, arr: c.arr, renewalDate: c.renewal, healthScore: c.current_score, stage: c.stage, csm: c.csm,
    })));
  });

  it('resolve_company answers an empty list when nothing matches', async () => {
    expect(await tools.call('resolve_company', { name: 'no company is called this' })).toEqual({ companies: [] });
  });

  it('query_companies filters, sorts and pages like the database', async () => {
    const args = { stages: ['Adopting'] as [string], maxHealthScore: 75, orderBy: 'renewalDate' as const, direction: 'asc' as const, limit: 7 };
    const expected = await stack.rows<{ gsid: string; renewal: string }>(
      `SELECT gsid, to_char(renewal_date, 'YYYY-MM-DD') AS renewal FROM ${T.company} c
       WHERE ${pick('c', 'stage')} = 'Adopting' AND current_score <= 75 ORDER BY renewal_date ASC, gsid LIMIT 14`,
    );
    const first = await tools.call('query_companies', args);
    const second = await tools.call('query_companies', { ...args, offset: first.page.nextOffset! });
    expect(first.page).toEqual({ offset: 0, returned: 7, nextOffset: 7 });
    expect([...first.companies, ...second.companies].map((c) => [c.gsid, c.renewalDate])).toEqual(expected.map((c) => [c.gsid, c.renewal]));
    expect(first.companies.every((c) => c.stage === 'Adopting' && c.healthScore! <= 75)).toBe(true);
  });

  it('query_companies by CSM email and ARR range', async () => {
    const [csm] = await stack.rows(`SELECT u.email, u.gsid FROM ${T.user} u JOIN ${T.company} c ON c.csm = u.gsid GROUP BY u.gsid ORDER BY count(*) DESC LIMIT 1`);
    const out = await tools.call('query_companies', { csmEmail: csm!.email, minArr: 50_000, limit: 200 });
    const expected = await stack.rows(`SELECT gsid FROM ${T.company} WHERE csm = $1 AND arr >= 50000 ORDER BY arr DESC, gsid`, [csm!.gsid]);
    expect(out.companies.map((c) => c.gsid)).toEqual(expected.map((c) => c.gsid));
    expect(out.page.nextOffset).toBeUndefined();
  });

  it('query_relationships lists a company\'s relationships by name', async () => {
    const out = await tools.call('query_relationships', { companyId: busy.gsid });
    const expected = await stack.rows(
      `SELECT r.gsid, r.name, r.arr, (SELECT t.name FROM sandbox.relationship_type t WHERE t.gsid = r.relationship_type_id) AS type
       FROM ${T.relationship} r WHERE company_id = $1 ORDER BY name, gsid`, [busy.gsid],
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(out.relationships).toEqual(expected.map((r) => expect.objectContaining({ gsid: r.gsid, name: r.name, arr: r.arr, type: r.type, companyId: busy.gsid, companyName: busy.name })));
  });

  it('resolve_user matches name or email among active users', async () => {
    const [user] = await stack.rows(`SELECT name, email FROM ${T.user} WHERE is_active_user ORDER BY gsid LIMIT 1`);
    const word = user!.name.split(' ')[0].toLowerCase();
    const out = await tools.call('resolve_user', { query: word, limit: 25 });
    const expected = await stack.rows(
      `SELECT gsid, name, email, title FROM ${T.user} WHERE (lower(name) LIKE $1 OR lower(email) LIKE $1) AND is_active_user ORDER BY name, gsid`,
      [`%${word}%`],
    );
    expect(out.users).toEqual(expected.map((u) => ({ gsid: u.gsid, name: u.name, email: u.email, title: u.title })));
  });
});

describe('account reads', () => {
  it('get_account_summary gathers the company, health, open CTAs (overdue first), plans, activity and relationships', async () => {
    const out = await tools.call('get_account_summary', { companyId: busy.gsid, recentActivities: 3 });
    const [company] = await stack.rows(
      `SELECT gsid, name, arr, current_score, previous_score, trend, to_char(renewal_date, 'YYYY-MM-DD') AS renewal, ${userName('c.csm')} AS csm
       FROM ${T.company} c WHERE gsid = $1`, [busy.gsid],
    );
    expect(out.company).toMatchObject({ gsid: company!.gsid, name: company!.name, arr: company!.arr, renewalDate: company!.renewal, csm: company!.csm });
    expect(out.health).toMatchObject({ score: company!.current_score, previousScore: company!.previous_score, trend: company!.trend });
    const ctas = await stack.rows<{ gsid: string; due: string }>(
      `SELECT gsid, to_char(due_date, 'YYYY-MM-DD') AS due FROM ${T.cta} WHERE company_id = $1 AND NOT is_closed ORDER BY due_date, gsid LIMIT 25`, [busy.gsid],
    );
    const overdue = ctas.filter((c) => c.due < today());
    expect(out.openCtas).toMatchObject({ count: ctas.length, overdue: overdue.length });
    expect(out.openCtas!.items!.map((c) => c.gsid)).toEqual([...overdue, ...ctas.filter((c) => c.due >= today())].map((c) => c.gsid));
    const plans = await stack.rows<{ gsid: string }>(`SELECT gsid FROM ${T.plan} WHERE company_id = $1 AND NOT is_closed ORDER BY due_date, gsid LIMIT 10`, [busy.gsid]);
    expect(out.activeSuccessPlans!.map((p) => p.gsid)).toEqual(plans.map((p) => p.gsid));
    const activity = await stack.rows<{ gsid: string }>(`SELECT gsid FROM ${T.activity} WHERE gs_company_id = $1 ORDER BY activity_date DESC, gsid LIMIT 3`, [busy.gsid]);
    expect(out.recentActivity!.map((a) => a.gsid)).toEqual(activity.map((a) => a.gsid));
    const relationships = await stack.rows<{ gsid: string }>(`SELECT gsid FROM ${T.relationship} WHERE company_id = $1 ORDER BY arr DESC, gsid LIMIT 10`, [busy.gsid]);
    expect(out.keyRelationships!.map((r) => r.gsid)).toEqual(relationships.map((r) => r.gsid));
    expect(out.failures).toBeUndefined();
  });

  it('get_account_summary works for a company with exactly one open CTA', async () => {
    const [one] = await stack.rows(`SELECT company_id FROM ${T.cta} WHERE NOT is_closed GROUP BY company_id HAVING count(*) = 1 ORDER BY company_id LIMIT 1`);
    const out = await tools.call('get_account_summary', { companyId: one!.company_id, recentActivities: 0 });
    expect(out.openCtas?.count).toBe(1);
    expect(out.openCtas?.items).toHaveLength(1);
    expect(out.recentActivity).toEqual([]);
  });

  it('get_account_summary says so when no company has the GSID', async () => {
    expect(await tools.call('get_account_summary', { companyId: '1P02ABCDEFGHIJKLMNOPQRSTUVWXYZ012345' })).toEqual({
      company: null, note: 'No company has this GSID; look it up with resolve_company.',
    });
  });

  it('get_company_scorecard reads the overall score, the measures and the history', async () => {
    const out = await tools.call('get_company_scorecard', { companyId: busy.gsid, weeks: 6 });
    const [company] = await stack.rows(`SELECT current_score, previous_score, trend FROM ${T.company} WHERE gsid = $1`, [busy.gsid]);
    expect(out.overall).toMatchObject({ score: company!.current_score, previousScore: company!.previous_score, trend: company!.trend });
    const measures = await stack.rows(
      `SELECT m.name, m.weight, f.current_score FROM sandbox.scorecard_fact f JOIN sandbox.scorecard_measure m ON m.gsid = f.measure_id
       WHERE f.company_id = $1 ORDER BY m.display_order, f.gsid`, [busy.gsid],
    );
    expect(out.measures!.map((m) => [m.measure, m.weight, m.score])).toEqual(measures.map((m) => [m.name, m.weight, m.current_score]));
    const history = await stack.rows(
      `SELECT to_char(week_start_date, 'YYYY-MM-DD') AS week, score FROM sandbox.scorecard_history WHERE company_id = $1 ORDER BY week_start_date DESC LIMIT 6`, [busy.gsid],
    );
    expect(out.history!.map((h) => [h.weekStart, h.score])).toEqual(history.map((h) => [h.week, h.score]));
    const colour = (s: number) => (s <= 50 ? 'Red' : s <= 75 ? 'Yellow' : 'Green');
    expect(out.overall!.colour).toBe(colour(company!.current_score));
  });

  it('list_timeline_activities pages newest first and reads one activity in full', async () => {
    const expected = await stack.rows<{ gsid: string; subject: string; type_name: string; notes: string | null }>(
      `SELECT gsid, subject, type_name, notes FROM ${T.activity} WHERE gs_company_id = $1 ORDER BY activity_date DESC, gsid`, [busy.gsid],
    );
    expect(expected.length).toBeGreaterThan(4);
    const first = await tools.call('list_timeline_activities', { companyId: busy.gsid, limit: 3 });
    const rest = await tools.call('list_timeline_activities', { companyId: busy.gsid, limit: 100, offset: first.page.nextOffset! });
    expect([...first.activities, ...rest.activities].map((a) => [a.gsid, a.subject, a.type])).toEqual(expected.map((a) => [a.gsid, a.subject, a.type_name]));
    expect(rest.page.nextOffset).toBeUndefined();
    const one = await tools.call('list_timeline_activities', { activityId: expected[0]!.gsid });
    const plain = expected[0]!.notes!.replace(/<\/?(p|br)\b[^>]*>/g, ' ').replace(/<[^>]*>/g, '').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
    expect(one.activities.map((a) => a.notes)).toEqual([plain]);
  });

  it('list_timeline_activities filters by type and date range', async () => {
    const out = await tools.call('list_timeline_activities', { types: ['Meeting'], from: today(-60), to: today(), limit: 100 });
    const expected = await stack.rows(
      `SELECT gsid FROM ${T.activity} WHERE type_name = 'Meeting' AND activity_date >= $1 AND activity_date <= $2 ORDER BY activity_date DESC, gsid LIMIT 100`,
      [`${today(-60)}T00:00:00Z`, `${today()}T23:59:59Z`],
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(out.activities.map((a) => a.gsid)).toEqual(expected.map((a) => a.gsid));
  });
});

describe('portfolio analysis', () => {
  it('find_renewal_risks finds renewals in the window with red health and open risk CTAs, largest ARR first', async () => {
    const out = await tools.call('find_renewal_risks', {});
    const expected = await stack.rows<{ gsid: string; arr: number }>(
      `SELECT c.gsid, c.arr FROM ${T.company} c
       WHERE c.renewal_date BETWEEN $1 AND $2 AND c.current_score <= 50
         AND EXISTS (SELECT 1 FROM ${T.cta} x WHERE x.company_id = c.gsid AND NOT x.is_closed AND ${pick('x', 'type_id')} = 'Risk')
       ORDER BY c.arr DESC, c.gsid`, [today(), today(90)],
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(out.matched).toBe(expected.length);
    expect(out.accounts.map((a) => a.gsid)).toEqual(expected.slice(0, 25).map((c) => c.gsid));
    expect(out.totalArrAtRisk).toBe(expected.reduce((sum, c) => sum + c.arr, 0));
    const [top] = out.accounts;
    const openRisk = await stack.rows(`SELECT gsid FROM ${T.cta} x WHERE company_id = $1 AND NOT is_closed AND ${pick('x', 'type_id')} = 'Risk' ORDER BY due_date, gsid`, [top!.gsid]);
    expect(top!.openCtas.map((c) => c.gsid)).toEqual(openRisk.map((c) => c.gsid));
  });

  it('find_renewal_risks answers zero when nothing matches', async () => {
    expect(await tools.call('find_renewal_risks', { renewalWithinDays: 1, maxHealthScore: 0 })).toMatchObject({ matched: 0, totalArrAtRisk: 0, accounts: [] });
  });

  it('summarize_portfolio totals ARR by stage and health colour', async () => {
    const out = await tools.call('summarize_portfolio', {});
    const [totals] = await stack.rows(`SELECT count(*)::int AS n, sum(coalesce(arr, 0)) AS arr FROM ${T.company}`);
    expect(out).toMatchObject({ companies: totals!.n, totalArr: totals!.arr });
    const stages = await stack.rows(`SELECT coalesce(${pick('c', 'stage')}, 'None') AS name, count(*)::int AS count, sum(coalesce(arr, 0)) AS arr FROM ${T.company} c GROUP BY 1`);
    expect(out.byStage).toEqual(expect.arrayContaining(stages.map((s) => ({ name: s.name, count: s.count, arr: s.arr }))));
    expect(out.byStage).toHaveLength(stages.length);
    const red = await stack.rows(`SELECT count(*)::int AS count FROM ${T.company} WHERE current_score <= 50`);
    expect(out.byHealth!.find((g) => g.name === 'Red')?.count).toBe(red[0]!.count);
  });

  it('summarize_portfolio keeps its shape with one group and with none', async () => {
    const one = await tools.call('summarize_portfolio', { stages: ['Launched'] });
    expect(one.byStage).toEqual([expect.objectContaining({ name: 'Launched' })]);
    expect(await tools.call('summarize_portfolio', { csmEmail: 'nobody@example.com' })).toMatchObject({ companies: 0, totalArr: 0, byStage: [], byHealth: [], byCsm: [] });
  });
});

describe('cockpit', () => {
  const ctaColumns = `gsid, name, to_char(due_date, 'YYYY-MM-DD') AS due, is_closed, ${pick('x', 'type_id')} AS type, ${pick('x', 'priority_id')} AS priority,
    ${pick('x', 'status_id')} AS status, ${pick('x', 'reason_id')} AS reason, ${userName('x.owner_id')} AS owner`;

  it('list_ctas lists a company\'s open CTAs, soonest due first, with names for every picklist', async () => {
    const out = await tools.call('list_ctas', { companyId: busy.gsid, limit: 100 });
    const expected = await stack.rows(`SELECT ${ctaColumns} FROM ${T.cta} x WHERE company_id = $1 AND NOT is_closed ORDER BY due_date, gsid`, [busy.gsid]);
    expect(out.ctas).toEqual(expected.map((c) => expect.objectContaining({
      gsid: c.gsid, name: c.name, dueDate: c.due, closed: false, type: c.type, priority: c.priority, status: c.status, reason: c.reason,
      owner: c.owner, companyId: busy.gsid, companyName: busy.name, overdue: c.due < today(),
    })));
    expect(out.page).toEqual({ offset: 0, returned: expected.length, total: expected.length });
  });

  it.each<[string, ListCtasInput, string]>([
    ['closed risk CTAs', { state: 'closed', types: ['Risk'] }, `is_closed AND ${pick('x', 'type_id')} = 'Risk'`],
    ['overdue high-priority CTAs', { overdueOnly: true, priorities: ['High'] }, `NOT is_closed AND due_date < '${today()}' AND ${pick('x', 'priority_id')} = 'High'`],
    ['CTAs due in the next 30 days in any state', { state: 'all', dueFrom: today(), dueTo: today(30) }, `due_date BETWEEN '${today()}' AND '${today(30)}'`],
    ['work-in-progress CTAs', { statuses: ['Work In Progress'] }, `NOT is_closed AND ${pick('x', 'status_id')} = 'Work In Progress'`],
  ])('list_ctas pages through %s without gaps or repeats, from any offset', async (_label, filter, where) => {
    const expected = await stack.rows(`SELECT gsid FROM ${T.cta} x WHERE ${where} ORDER BY due_date, gsid`);
    expect(expected.length).toBeGreaterThan(12);
    const seen: string[] = [];
    // Offsets that are not multiples of the page size (as a truncated answer's nextOffset may be).
    for (const [offset, limit] of [[0, 5], [5, 3], [8, 4]] as const) {
      const page = await tools.call('list_ctas', { ...filter, offset, limit });
      expect(page.page).toMatchObject({ offset, returned: limit, total: expected.length, nextOffset: offset + limit });
      seen.push(...page.ctas.map((c) => c.gsid));
    }
    expect(seen).toEqual(expected.slice(0, 12).map((c) => c.gsid));
    const last = await tools.call('list_ctas', { ...filter, offset: expected.length - 2, limit: 7 });
    expect(last.ctas.map((c) => c.gsid)).toEqual(expected.slice(-2).map((c) => c.gsid));
    expect(last.page.nextOffset).toBeUndefined();
  });

  it('list_ctas by owner email and by success plan', async () => {
    const [owner] = await stack.rows(`SELECT u.gsid, u.email FROM ${T.user} u JOIN ${T.cta} x ON x.owner_id = u.gsid GROUP BY u.gsid ORDER BY count(*) DESC LIMIT 1`);
    const mine = await tools.call('list_ctas', { ownerEmail: owner!.email, state: 'all', limit: 100 });
    const expected = await stack.rows(`SELECT gsid FROM ${T.cta} WHERE owner_id = $1 ORDER BY due_date, gsid LIMIT 100`, [owner!.gsid]);
    expect(mine.ctas.map((c) => c.gsid)).toEqual(expected.map((c) => c.gsid));
    const [plan] = await stack.rows(`SELECT success_plan_id FROM ${T.cta} WHERE success_plan_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
    const objectives = await tools.call('list_ctas', { successPlanId: plan!.success_plan_id, state: 'all' });
    const expectedObjectives = await stack.rows(`SELECT gsid FROM ${T.cta} WHERE success_plan_id = $1 ORDER BY due_date, gsid`, [plan!.success_plan_id]);
    expect(objectives.ctas.map((c) => c.gsid)).toEqual(expectedObjectives.map((c) => c.gsid));
  });

  it('list_ctas answers an empty page for a company without CTAs', async () => {
    expect(await tools.call('list_ctas', { companyId: '1P02ABCDEFGHIJKLMNOPQRSTUVWXYZ012345' })).toEqual({ ctas: [], page: { offset: 0, returned: 0, total: 0 } });
  });

  it('list_cta_tasks lists one CTA\'s tasks with plain-text descriptions', async () => {
    const out = await tools.call('list_cta_tasks', { ctaId: ctaWithTasks });
    const expected = await stack.rows(
      `SELECT gsid, name, to_char(due_date, 'YYYY-MM-DD') AS due, is_closed, description, ${pick('t', 'status')} AS status, ${pick('t', 'priority')} AS priority
       FROM ${T.task} t WHERE cta_id = $1 ORDER BY due_date, gsid`, [ctaWithTasks],
    );
    expect(expected.length).toBeGreaterThan(1);
    expect(out.tasks).toEqual(expected.map((t) => expect.objectContaining({
      gsid: t.gsid, name: t.name, dueDate: t.due, closed: t.is_closed, status: t.status, priority: t.priority, ctaId: ctaWithTasks,
      description: t.description.replace(/<[^>]*>/g, '').trim(),
    })));
  });

  it('list_cta_tasks pages a company\'s open tasks and an owner\'s overdue ones', async () => {
    const [company] = await stack.rows(`SELECT company_id FROM ${T.task} WHERE NOT is_closed GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
    const expected = await stack.rows(`SELECT gsid FROM ${T.task} WHERE company_id = $1 AND NOT is_closed ORDER BY due_date, gsid`, [company!.company_id]);
    const first = await tools.call('list_cta_tasks', { companyId: company!.company_id, state: 'open', limit: 2 });
    const rest = await tools.call('list_cta_tasks', { companyId: company!.company_id, state: 'open', offset: first.page.nextOffset! });
    expect([...first.tasks, ...rest.tasks].map((t) => t.gsid)).toEqual(expected.map((t) => t.gsid));
    const [owner] = await stack.rows(
      `SELECT u.gsid, u.email FROM ${T.user} u JOIN ${T.task} t ON t.owner_id = u.gsid WHERE NOT t.is_closed AND t.due_date < $1 GROUP BY u.gsid ORDER BY count(*) DESC LIMIT 1`, [today()],
    );
    const overdue = await tools.call('list_cta_tasks', { ownerEmail: owner!.email, overdueOnly: true, limit: 100 });
    const expectedOverdue = await stack.rows(`SELECT gsid FROM ${T.task} WHERE owner_id = $1 AND NOT is_closed AND due_date < $2 ORDER BY due_date, gsid`, [owner!.gsid, today()]);
    expect(overdue.tasks.map((t) => t.gsid)).toEqual(expectedOverdue.map((t) => t.gsid));
    expect(overdue.tasks.every((t) => t.overdue)).toBe(true);
  });

  it('get_cta_picklists returns the tenant\'s CTA and task values with defaults and closing statuses', async () => {
    const out = await tools.call('get_cta_picklists', {});
    const values = async (category: string, withClosed: boolean) =>
      (await stack.rows(`SELECT name, is_default, is_closed FROM ${T.picklist} WHERE category = $1 AND active ORDER BY display_order`, [category]))
        .map((p) => (withClosed ? { name: p.name, default: p.is_default, closes: p.is_closed } : { name: p.name, default: p.is_default }));
    expect(out).toEqual({
      entityType: 'COMPANY',
      types: await values('CTA_TYPE', false),
      statuses: await values('CTA_STATUS', true),
      priorities: await values('CTA_PRIORITY', false),
      reasons: await values('CTA_REASON', false),
      taskStatuses: await values('TASK_STATUS', true),
      taskPriorities: await values('TASK_PRIORITY', false),
    });
    expect((await tools.call('get_cta_picklists', { entityType: 'RELATIONSHIP' })).entityType).toBe('RELATIONSHIP');
  });
});

describe('success plans and timeline configuration', () => {
  it('list_success_plans lists plans with their objective counts', async () => {
    const out = await tools.call('list_success_plans', { companyId: busy.gsid, state: 'all' });
    const expected = await stack.rows(
      `SELECT s.gsid, s.name, ${pick('s', 'type_id')} AS type, ${pick('s', 'status_id')} AS status, to_char(s.due_date, 'YYYY-MM-DD') AS due,
              (SELECT count(*)::int FROM ${T.cta} x WHERE x.success_plan_id = s.gsid) AS total,
              (SELECT count(*)::int FROM ${T.cta} x WHERE x.success_plan_id = s.gsid AND NOT x.is_closed) AS open
       FROM ${T.plan} s WHERE company_id = $1 ORDER BY due_date, gsid`, [busy.gsid],
    );
    expect(out.successPlans).toEqual(expected.map((p) => expect.objectContaining({
      gsid: p.gsid, name: p.name, type: p.type, status: p.status, dueDate: p.due, companyId: busy.gsid, objectives: { total: p.total, open: p.open },
    })));
  });

  it('list_success_plans pages open plans of a type from any offset', async () => {
    const expected = await stack.rows(`SELECT gsid FROM ${T.plan} s WHERE NOT is_closed ORDER BY due_date, gsid`);
    const pages = [await tools.call('list_success_plans', { limit: 4 }), await tools.call('list_success_plans', { offset: 4, limit: 3 }), await tools.call('list_success_plans', { offset: 7, limit: 6 })];
    expect(pages.flatMap((p) => p.successPlans.map((s) => s.gsid))).toEqual(expected.slice(0, 13).map((s) => s.gsid));
    expect(pages[0]!.page.total).toBe(expected.length);
    const [type] = await stack.rows(`SELECT ${pick('s', 'type_id')} AS type FROM ${T.plan} s GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
    const ofType = await tools.call('list_success_plans', { types: [type!.type], state: 'all', limit: 100 });
    const expectedOfType = await stack.rows(`SELECT gsid FROM ${T.plan} s WHERE ${pick('s', 'type_id')} = $1 ORDER BY due_date, gsid LIMIT 100`, [type!.type]);
    expect(ofType.successPlans.map((s) => s.gsid)).toEqual(expectedOfType.map((s) => s.gsid));
  });

  it('get_success_plan_picklists returns the plan types and statuses', async () => {
    const out = await tools.call('get_success_plan_picklists', {});
    const names = async (category: string) => (await stack.rows(`SELECT name FROM ${T.picklist} WHERE category = $1 AND active ORDER BY display_order`, [category])).map((p) => p.name);
    expect(out.types.map((t) => t.name)).toEqual(await names('SUCCESS_PLAN_TYPE'));
    expect(out.statuses.map((t) => t.name)).toEqual(await names('SUCCESS_PLAN_STATUS'));
    expect(out.statuses.filter((s) => s.closes).map((s) => s.name)).toEqual(['Completed', 'Cancelled']);
  });

  it('get_timeline_activity_types lists each type with only the contexts permitted here', async () => {
    const out = await tools.call('get_timeline_activity_types', {});
    const permitted = ['Company', 'Relationship', 'CTA', 'SuccessPlan'];
    const expected = (await stack.rows<{ name: string; contexts: string[] }>(`SELECT name, contexts FROM ${T.activityType} WHERE active ORDER BY display_order`))
      .map((t) => ({ name: t.name, contexts: t.contexts.filter((c) => permitted.includes(c)) }))
      .filter((t) => t.contexts.length > 0);
    expect(out.types).toEqual(expected);
    expect(JSON.stringify(out)).not.toMatch(/Scorecard/);
    const forCtas = await tools.call('get_timeline_activity_types', { context: 'CTA' });
    expect(forCtas.types.map((t) => t.name)).toEqual(expected.filter((t) => t.contexts.includes('CTA')).map((t) => t.name));
  });
});

describe('describe_object', () => {
  it('returns every field of the object, compactly, as the sandbox describes it', async () => {
    const raw = await stack.upstream('GET', '/v1/meta/services/objects/Company/describe');
    const out = await tools.call('describe_object', { object: 'Company' });
    const fields = raw.body.data.fields as Array<{ fieldName: string; label: string; dataType: string; lookupObject?: string; picklistValues?: Array<{ Name: string }> }>;
    expect(out.fields).toEqual(fields.map((f) => ({
      name: f.fieldName, label: f.label, type: f.dataType,
      ...(f.lookupObject ? { lookupObject: f.lookupObject } : {}),
      ...(f.picklistValues ? { picklistValues: f.picklistValues.map((v) => v.Name) } : {}),
    })));
    expect(out.page).toEqual({ offset: 0, returned: fields.length, total: fields.length });
    expect(sizeOf(out)).toBeLessThan(sizeOf(raw.body));
  });

  it('narrows by text and by type, and pages', async () => {
    const renewal = await tools.call('describe_object', { object: 'Company', filter: 'RENEWAL' });
    expect(renewal.fields).toEqual([{ name: 'RenewalDate', label: 'Renewal Date', type: 'DATE' }]);
    const picklists = await tools.call('describe_object', { object: 'call_to_action', types: ['PICKLIST'], picklistValues: false });
    expect(picklists.fields.map((f) => f.name)).toEqual(['TypeId', 'StatusId', 'PriorityId', 'ReasonId']);
    expect(picklists.fields.every((f) => f.picklistValues === undefined)).toBe(true);
    const page = await tools.call('describe_object', { object: 'Company', limit: 3, offset: 2 });
    const all = await tools.call('describe_object', { object: 'Company' });
    expect(page.fields).toEqual(all.fields.slice(2, 5));
    expect(page.page).toEqual({ offset: 2, returned: 3, total: all.fields.length, nextOffset: 5 });
  });

  it('names the known objects when asked for an unknown one', async () => {
    const result = await stack.raw('describe_object', { object: 'Invoice__gc' });
    expect(result.isError).toBe(true);
    expect(result.content[0]).toMatchObject({ type: 'text', text: expect.stringMatching(/GSOBJ_1002: Invalid object Invoice__gc; objects: Company, Relationship/) });
  });
});

describe('result size', () => {
  // The largest answers each list tool can be asked for: every one fits in 64 KiB, cut when needed
  // with a `truncated` note whose nextOffset continues where the answer stopped.
  it.each([
    ['list_ctas', { state: 'all', limit: 100 }, 'ctas'],
    ['list_cta_tasks', { limit: 100 }, 'tasks'],
    ['list_success_plans', { state: 'all', limit: 100 }, 'successPlans'],
    ['list_timeline_activities', { limit: 100 }, 'activities'],
    ['query_companies', { limit: 200 }, 'companies'],
    ['query_relationships', { limit: 200 }, 'relationships'],
    ['find_renewal_risks', { renewalWithinDays: 730, maxHealthScore: 100, requireOpenCta: false, ctaTypes: ['Risk', 'Expansion', 'Lifecycle', 'Activity', 'Objective'], limit: 100 }, 'accounts'],
    ['describe_object', { object: 'activity_timeline', limit: 500 }, 'fields'],
    ['summarize_portfolio', { topCsms: 50 }, undefined],
    ['get_account_summary', { companyId: 'BUSY', recentActivities: 20 }, undefined],
  ] as const)('%s stays under 64 KiB', async (name, args, list) => {
    const input = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v === 'BUSY' ? busy.gsid : v]));
    const result = await stack.raw(name, input);
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(sizeOf(result.structuredContent)).toBeLessThanOrEqual(65_536);
    const structured = result.structuredContent as Record<string, any>;
    if (list && structured.truncated) {
      expect(structured.truncated.returned).toBe(structured[list].length);
      // Tools that page by offset say where the rest starts; this call started at 0.
      if (structured.page) expect(structured.truncated.nextOffset).toBe(structured[list].length);
    }
  });

  it('the largest CTA page continues exactly where it stopped, truncated or not', async () => {
    const first = (await stack.raw('list_ctas', { state: 'all', limit: 100 })).structuredContent as Record<string, any>;
    const expected = await stack.rows(`SELECT gsid FROM ${T.cta} ORDER BY due_date, gsid LIMIT 200`);
    const next = first.truncated?.nextOffset ?? first.page.nextOffset;
    const second = await tools.call('list_ctas', { state: 'all', limit: 100, offset: next });
    expect([...first.ctas, ...second.ctas].map((c: { gsid: string }) => c.gsid)).toEqual(expected.slice(0, next + second.ctas.length).map((c) => c.gsid));
  });
});
