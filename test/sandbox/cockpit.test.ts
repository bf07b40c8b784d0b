import { beforeAll, describe, expect, it } from 'vitest';
import { API_USER_ID } from '../../sandbox/index.js';
import { addDays, records, TODAY, useSandbox } from './helpers.js';

const box = useSandbox();
let companyId: string;
let otherCompanyId: string;

beforeAll(async () => {
  const companies = await records(box, 'Company', { select: ['Gsid'], orderBy: { Name: 'asc' }, limit: 2 });
  companyId = companies[0]?.Gsid;
  otherCompanyId = companies[1]?.Gsid;
});

const list = (body: unknown) => box.call('POST', '/v2/cockpit/cta/list', body);
const ctaCount = async () => (await list({ pageSize: 1 })).body.data.totalCount as number;
const create = (...records: Record<string, unknown>[]) => box.call('POST', '/v2/cockpit/cta', { requests: records.map((record) => ({ record })) });

describe('CTA list', () => {
  it('returns flat records with ISO dates and __gr.Name columns by default', async () => {
    const reply = await list({ pageSize: 5 });
    expect(reply.status).toBe(200);
    const [cta] = reply.body.data.records;
    expect(cta).toMatchObject({ Gsid: expect.stringMatching(/^1S01/), 'TypeId__gr.Name': expect.any(String), 'CompanyId__gr.Name': expect.any(String) });
    expect(cta.DueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(cta.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(reply.body.data).toMatchObject({ pageNumber: 1, pageSize: 5, totalCount: expect.any(Number) });
  });

  it('honours select (unlike Gainsight\'s own CTA list)', async () => {
    const reply = await list({ select: ['Gsid', 'PriorityId__gr.Name'], pageSize: 3 });
    expect(reply.body.data.records.map((r: object) => Object.keys(r))).toEqual([['Gsid', 'PriorityId__gr.Name'], ['Gsid', 'PriorityId__gr.Name'], ['Gsid', 'PriorityId__gr.Name']]);
  });

  it('refuses unknown select fields with COCKPIT_5101', async () => {
    const reply = await list({ select: ['Gsid', 'Urgency'] });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ result: false, errorCode: 'COCKPIT_5101' });
    expect(reply.body.errorDesc).toContain('Urgency');
  });

  const gsids = async (conditions: unknown[], expression?: string) => {
    const reply = await list({ select: ['Gsid'], where: { conditions, expression }, pageSize: 1000 });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return reply.body.data.records.map((r: { Gsid: string }) => r.Gsid).sort();
  };
  const viaQuery = async (conditions: unknown[]) => {
    const reply = await box.query('call_to_action', { select: ['Gsid'], where: { conditions }, limit: 5000 });
    return reply.status === 400 ? [] : reply.body.data.records.map((r) => r.Gsid).sort();
  };

  it.each([
    ['TODAY (overdue open CTAs)', [{ fieldName: 'DueDate', operator: 'LT', value: ['TODAY'] }, { fieldName: 'IsClosed', operator: 'EQ', value: [false] }],
      [{ name: 'DueDate', operator: 'LT', value: [TODAY] }, { name: 'IsClosed', operator: 'EQ', value: [false] }]],
    ['YESTERDAY', [{ fieldName: 'DueDate', operator: 'LTE', value: ['YESTERDAY'] }], [{ name: 'DueDate', operator: 'LTE', value: [addDays(TODAY, -1)] }]],
    ['TOMORROW', [{ fieldName: 'DueDate', operator: 'GTE', value: ['tomorrow'] }], [{ name: 'DueDate', operator: 'GTE', value: [addDays(TODAY, 1)] }]],
    ['LAST_N_DAYS as literal + value', [{ fieldName: 'DueDate', operator: 'EQ', literal: 'LAST_N_DAYS', value: [14] }],
      [{ name: 'DueDate', operator: 'BTW', value: [addDays(TODAY, -14), TODAY] }]],
    ['LAST_N_DAYS:n on a datetime', [{ fieldName: 'CreatedDate', operator: 'EQ', value: ['LAST_N_DAYS:30'] }],
      [{ name: 'CreatedDate', operator: 'BTW', value: [`${addDays(TODAY, -30)}T00:00:00.000Z`, `${TODAY}T23:59:59.999Z`] }]],
    ['NEXT_N_DAYS', [{ fieldName: 'DueDate', operator: 'EQ', value: ['NEXT_N_DAYS:7'] }], [{ name: 'DueDate', operator: 'BTW', value: [TODAY, addDays(TODAY, 7)] }]],
    ['CURRENT_USER', [{ fieldName: 'OwnerId', operator: 'EQ', value: ['CURRENT_USER'] }], [{ name: 'OwnerId', operator: 'EQ', value: [API_USER_ID] }]],
  ])('resolves the literal %s', async (_label, cockpit, generic) => {
    const expected = await viaQuery(generic);
    expect(expected.length).toBeGreaterThan(0);
    expect(await gsids(cockpit)).toEqual(expected);
  });

  it('accepts `name` as well as `fieldName`, with an expression', async () => {
    const a = await gsids([{ name: 'IsImportant', alias: 'A', operator: 'EQ', value: [true] }, { fieldName: 'IsClosed', alias: 'B', operator: 'EQ', value: [true] }], 'A OR B');
    const rows = await records(box, 'call_to_action', { select: ['Gsid', 'IsImportant', 'IsClosed'], limit: 5000 });
    expect(a).toEqual(rows.filter((r) => r.IsImportant || r.IsClosed).map((r) => r.Gsid).sort());
  });

  it('pages 1-based with a stable total', async () => {
    const body = { select: ['Gsid'], where: { conditions: [{ fieldName: 'IsClosed', operator: 'EQ', value: [false] }] }, pageSize: 100 };
    const first = await list({ ...body, pageNumber: 1 });
    const second = await list({ ...body, pageNumber: 2 });
    const all = await list({ ...body, pageSize: 1000 });
    expect(first.body.data.totalCount).toBe(all.body.data.records.length);
    expect([...first.body.data.records, ...second.body.data.records]).toEqual(all.body.data.records.slice(0, 200));
    const beyond = await list({ ...body, pageNumber: 99 });
    expect(beyond.body.data).toMatchObject({ records: [], totalCount: all.body.data.records.length });
  });

  it.each([
    [{ pageSize: 1001 }, 'GSOBJ_1010'],
    [{ pageNumber: 0 }, 'GSOBJ_1000'],
    [{ where: { conditions: [{ fieldName: 'DueDate', operator: 'EQ', literal: 'LAST_N_DAYS', value: ['many'] }] } }, 'GSOBJ_1003'],
    [{ where: { conditions: [{ fieldName: 'Nope', operator: 'EQ', value: [1] }] } }, 'GSOBJ_1002'],
  ])('refuses %j with %s', async (body, code) => {
    const reply = await list(body);
    expect(reply.status).toBe(400);
    expect(reply.body.errorCode).toBe(code);
  });
});

describe('CTA create and update', () => {
  it('creates a CTA with picklists by name, visible in later reads', async () => {
    const reply = await create({
      CompanyId: companyId, Name: 'Sandbox test CTA', type: 'Risk', priority: 'high', reason: 'Low Usage', DueDate: addDays(TODAY, 10),
      Comments: '<p>Usage <b>down</b></p>', referenceId: 'ref-cta-1',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const [result] = reply.body.data.success;
    expect(result).toMatchObject({ referenceId: 'ref-cta-1', Gsid: expect.stringMatching(/^1S01[0-9A-Z]{32}$/), created: true });
    const [cta] = (await list({
      select: ['Name', 'TypeId__gr.Name', 'PriorityId__gr.Name', 'StatusId__gr.Name', 'ReasonId__gr.Name', 'OwnerId', 'DueDate', 'IsClosed', 'Comments'],
      where: { conditions: [{ fieldName: 'Gsid', operator: 'EQ', value: [result.Gsid] }] },
    })).body.data.records;
    expect(cta).toEqual({
      Name: 'Sandbox test CTA', 'TypeId__gr.Name': 'Risk', 'PriorityId__gr.Name': 'High', 'StatusId__gr.Name': 'New',
      'ReasonId__gr.Name': 'Low Usage', OwnerId: API_USER_ID, DueDate: addDays(TODAY, 10), IsClosed: false, Comments: '<p>Usage <b>down</b></p>',
    });
  });

  it('answers a resend with the same referenceId with the first CTA and creates nothing', async () => {
    const before = await ctaCount();
    const first = await create({ CompanyId: companyId, Name: 'Idempotent', type: 'Activity', DueDate: TODAY, referenceId: 'ref-cta-2' });
    const again = await create({ CompanyId: companyId, Name: 'Idempotent (resent)', type: 'Activity', DueDate: TODAY, referenceId: 'ref-cta-2' });
    expect(again.body.data.success[0]).toMatchObject({ Gsid: first.body.data.success[0].Gsid, created: false });
    expect(await ctaCount()).toBe(before + 1);
  });

  it.each([
    ['an unknown company', { CompanyId: '1P02ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ' }, 'GSOBJ_1004'],
    ['a company id that is not a GSID', { CompanyId: 'Acme' }, 'GSOBJ_1004'],
    ['a missing Name', { Name: undefined }, 'GSOBJ_1007'],
    ['a missing DueDate', { DueDate: undefined }, 'GSOBJ_1007'],
    ['an impossible DueDate', { DueDate: '2026-13-01' }, 'GSOBJ_1005'],
    ['an unknown type', { type: 'Opportunity' }, 'GSOBJ_1002'],
    ['an unknown field', { Urgency: 'high' }, 'GSOBJ_1002'],
    ['a Name over 255 characters', { Name: 'x'.repeat(256) }, 'GSOBJ_1001'],
    ['a non-boolean IsImportant', { IsImportant: 'yes' }, 'GSOBJ_1003'],
    ['an unknown owner email', { OwnerId: 'nobody@example.com' }, 'GSOBJ_1004'],
  ])('refuses %s and writes nothing', async (_label, patch, code) => {
    const before = await ctaCount();
    const record = { CompanyId: companyId, Name: 'Should not exist', type: 'Risk', DueDate: TODAY, ...patch };
    const reply = await create(record);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ result: false, errorCode: code });
    expect(reply.body.data.errors[0]).toMatchObject({ index: 0, errorCode: code });
    expect(await ctaCount()).toBe(before);
  });

  it('writes nothing from a batch when one record fails', async () => {
    const before = await ctaCount();
    const reply = await create(
      { CompanyId: companyId, Name: 'Good one', type: 'Risk', DueDate: TODAY, referenceId: 'batch-good' },
      { CompanyId: companyId, Name: 'Bad one', type: 'Risk', DueDate: 'soon' },
    );
    expect(reply.status).toBe(400);
    expect(reply.body.data).toMatchObject({ success: [], errors: [{ index: 1, errorCode: 'GSOBJ_1005' }] });
    expect(await ctaCount()).toBe(before);
  });

  it('refuses a relationship of another company', async () => {
    const [rel] = await records(box, 'Relationship', { select: ['Gsid', 'CompanyId'], where: { conditions: [{ name: 'CompanyId', operator: 'NE', value: [otherCompanyId] }] }, limit: 1 });
    const reply = await create({ CompanyId: otherCompanyId, RelationshipId: rel?.Gsid, Name: 'x', type: 'Risk', DueDate: TODAY });
    expect(reply.body.errorCode).toBe('GSOBJ_1004');
  });

  it('updates by Gsid; a closed status closes the CTA and reopening clears it', async () => {
    const created = await create({ CompanyId: companyId, Name: 'To close', type: 'Lifecycle', DueDate: TODAY });
    const gsid = created.body.data.success[0].Gsid;
    const update = (record: Record<string, unknown>) => box.call('PUT', '/v2/cockpit/cta', { requests: [{ record: { Gsid: gsid, ...record } }] });
    const read = async () => (await list({ select: ['Name', 'IsClosed', 'ClosedDate', 'StatusId__gr.Name', 'PriorityId__gr.Name'], where: { conditions: [{ fieldName: 'Gsid', operator: 'EQ', value: [gsid] }] } })).body.data.records[0];
    expect((await update({ status: 'Closed Success', priority: 'Low', Name: 'Closed now' })).status).toBe(200);
    expect(await read()).toEqual({ Name: 'Closed now', IsClosed: true, ClosedDate: TODAY, 'StatusId__gr.Name': 'Closed Success', 'PriorityId__gr.Name': 'Low' });
    await update({ status: 'Work In Progress' });
    expect(await read()).toMatchObject({ IsClosed: false, ClosedDate: null });
    const missing = await box.call('PUT', '/v2/cockpit/cta', { requests: [{ record: { Gsid: '1S01ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ', Name: 'x' } }] });
    expect(missing.body.errorCode).toBe('GSOBJ_1004');
    expect((await update({})).body.errorCode).toBe('GSOBJ_1007');
  });

  it('refuses a body without requests', async () => {
    const reply = await box.call('POST', '/v2/cockpit/cta', { record: {} });
    expect(reply.body.errorCode).toBe('GSOBJ_1000');
  });
});

describe('Cockpit picklists', () => {
  it('lists the requested categories', async () => {
    const reply = await box.call('GET', '/v2/cockpit/admin/picklist/lite?category=CTA_STATUS,CTA_TYPE&et=COMPANY');
    expect(Object.keys(reply.body.data)).toEqual(['CTA_STATUS', 'CTA_TYPE']);
    expect(reply.body.data.CTA_TYPE.map((i: { Name: string }) => i.Name)).toEqual(['Risk', 'Expansion', 'Lifecycle', 'Activity', 'Objective']);
    expect(reply.body.data.CTA_STATUS.find((i: { Name: string }) => i.Name === 'Closed Lost')).toMatchObject({ IsClosed: true, Gsid: expect.stringMatching(/^1I00/) });
  });

  it.each([['?category=SUCCESS_PLAN_TYPE'], ['?category=CTA_TYPE&et=OPPORTUNITY']])('refuses %s', async (query) => {
    const reply = await box.call('GET', `/v2/cockpit/admin/picklist/lite${query}`);
    expect(reply.status).toBe(400);
    expect(reply.body.errorCode).toBe('GSOBJ_1003');
  });
});

describe('tasks', () => {
  let ctaId: string;
  beforeAll(async () => {
    // An open CTA that has tasks. Not just the first open one: without an order that may be a CTA
    // made by a test above, with none (and a query that matches nothing answers GSOBJ_1011).
    const open = await records(box, 'call_to_action', { select: ['Gsid'], where: { conditions: [{ name: 'IsClosed', operator: 'EQ', value: [false] }] }, limit: 1000 });
    const withTasks = new Set((await records(box, 'cs_task', { select: ['CTAId'], limit: 5000 })).map((t) => t.CTAId));
    ctaId = open.map((c) => c.Gsid).find((id) => withTasks.has(id));
    expect(ctaId).toBeTruthy();
  });
  const tasksOf = async (id: string) => (await box.call('GET', `/v2/cockpit/task/list/${id}`)).body.data.records as Record<string, unknown>[];

  it('lists a CTA\'s tasks, the same as the generic query', async () => {
    const tasks = await tasksOf(ctaId);
    const viaQuery = await records(box, 'cs_task', { select: ['Gsid'], where: { conditions: [{ name: 'CTAId', operator: 'EQ', value: [ctaId] }] } });
    expect(tasks.map((t) => t.Gsid).sort()).toEqual(viaQuery.map((t) => t.Gsid).sort());
    expect(tasks[0]).toMatchObject({ CTAId: ctaId, 'Status__gr.Name': expect.any(String) });
  });

  it('lists tasks with Cockpit conditions', async () => {
    const reply = await box.call('POST', '/v2/cockpit/task/list', { select: ['Gsid', 'DueDate'], where: { conditions: [{ fieldName: 'DueDate', operator: 'LT', value: ['TODAY'] }] }, pageSize: 10 });
    expect(reply.body.data.records.every((t: { DueDate: string }) => t.DueDate < TODAY)).toBe(true);
  });

  it('creates a task, idempotently by referenceId', async () => {
    const record = { CTAId: ctaId, Name: 'Call the champion', DueDate: addDays(TODAY, 3), priority: 'High', Description: '<p>Ask about usage</p>', referenceId: 'task-1' };
    const before = (await tasksOf(ctaId)).length;
    const first = await box.call('POST', '/v2/cockpit/task', { requests: [{ record }] });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await box.call('POST', '/v2/cockpit/task', { requests: [{ record }] });
    expect(again.body.data.success[0]).toMatchObject({ Gsid: first.body.data.success[0].Gsid, created: false });
    const tasks = await tasksOf(ctaId);
    expect(tasks).toHaveLength(before + 1);
    expect(tasks.find((t) => t.Gsid === first.body.data.success[0].Gsid)).toMatchObject({ Name: 'Call the champion', 'Priority__gr.Name': 'High', 'Status__gr.Name': 'Open' });
  });

  it.each([
    ['an unknown CTA', { CTAId: '1S01ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ' }, 'GSOBJ_1004'],
    ['a bad due date', { DueDate: '31/12/2026' }, 'GSOBJ_1005'],
    ['an unknown status', { status: 'Someday' }, 'GSOBJ_1002'],
  ])('refuses a task with %s', async (_label, patch, code) => {
    const reply = await box.call('POST', '/v2/cockpit/task', { requests: [{ record: { CTAId: ctaId, Name: 'x', DueDate: TODAY, ...patch } }] });
    expect(reply.body).toMatchObject({ result: false, errorCode: code });
  });

  it('refuses a task list for a bad or unknown CTA id', async () => {
    expect((await box.call('GET', '/v2/cockpit/task/list/not-a-gsid')).body.errorCode).toBe('GSOBJ_1004');
    expect((await box.call('GET', '/v2/cockpit/task/list/1S01ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ')).body.errorCode).toBe('GSOBJ_1004');
  });
});
