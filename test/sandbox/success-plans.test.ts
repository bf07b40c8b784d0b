import { beforeAll, describe, expect, it } from 'vitest';
import { API_USER_ID } from '../../sandbox/index.js';
import { addDays, records, TODAY, useSandbox } from './helpers.js';

const box = useSandbox();
let companyId: string;
let ownerEmail: string;

beforeAll(async () => {
  const [company] = await records(box, 'Company', { select: ['Gsid', 'Csm__gr.Email'], where: { conditions: [{ name: 'Csm', operator: 'IS_NOT_NULL' }] }, limit: 1 });
  companyId = company?.Gsid;
  ownerEmail = company?.['Csm__gr.Email'];
});

const list = (body: unknown) => box.call('POST', '/v2/successPlan/list', body);
const planCount = async () => (await list({ pageSize: 1 })).body.data.totalCount as number;
const create = (record: Record<string, unknown>) => box.call('POST', '/v2/successPlan', { requests: [{ record }] });
const update = (record: Record<string, unknown>) => box.call('PUT', '/v2/successPlan', { requests: [{ record }] });
const objectives = (planId: string) => records(box, 'call_to_action', {
  select: ['Gsid', 'IsClosed', 'StatusId__gr.Name'], where: { conditions: [{ name: 'SuccessPlanId', operator: 'EQ', value: [planId] }] },
});

describe('success plans', () => {
  it('lists plans with Cockpit conditions and __gr names', async () => {
    const reply = await list({ where: { conditions: [{ fieldName: 'StatusId__gr.Name', operator: 'EQ', value: ['Active'] }] }, pageSize: 5 });
    expect(reply.status).toBe(200);
    expect(reply.body.data.records.length).toBeGreaterThan(0);
    expect(reply.body.data.records.every((p: Record<string, unknown>) => p['StatusId__gr.Name'] === 'Active')).toBe(true);
    expect(reply.body.data.records[0].Gsid).toMatch(/^1S03/);
  });

  it('creates a plan with type and status by name and owner by email, idempotently', async () => {
    const before = await planCount();
    const record = { Name: 'Adoption push', CompanyId: companyId, OwnerEmail: ownerEmail, DueDate: addDays(TODAY, 60), SuccessPlanType: 'Adoption', status: 'Active', referenceId: 'sp-1' };
    const first = await create(record);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.data.success[0]).toMatchObject({ referenceId: 'sp-1', created: true });
    const again = await create(record);
    expect(again.body.data.success[0]).toMatchObject({ Gsid: first.body.data.success[0].Gsid, created: false });
    expect(await planCount()).toBe(before + 1);
    const [plan] = (await list({ select: ['Name', 'TypeId__gr.Name', 'StatusId__gr.Name', 'OwnerId__gr.Email', 'StartDate', 'IsClosed'],
      where: { conditions: [{ fieldName: 'Gsid', operator: 'EQ', value: [first.body.data.success[0].Gsid] }] } })).body.data.records;
    expect(plan).toEqual({ Name: 'Adoption push', 'TypeId__gr.Name': 'Adoption', 'StatusId__gr.Name': 'Active', 'OwnerId__gr.Email': ownerEmail, StartDate: TODAY, IsClosed: false });
  });

  it.each([
    ['an unknown company', { CompanyId: '1P02ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ' }, 'GSOBJ_1004'],
    ['a missing type', { SuccessPlanType: undefined }, 'GSOBJ_1007'],
    ['an unknown type', { SuccessPlanType: 'World Domination' }, 'GSOBJ_1002'],
    ['a bad due date', { DueDate: 'next month' }, 'GSOBJ_1005'],
  ])('refuses %s and writes nothing', async (_label, patch, code) => {
    const before = await planCount();
    const reply = await create({ Name: 'Nope', CompanyId: companyId, DueDate: TODAY, SuccessPlanType: 'Renewal', ...patch });
    expect(reply.body).toMatchObject({ result: false, errorCode: code });
    expect(await planCount()).toBe(before);
  });

  it('closing a plan closes its open objective CTAs', async () => {
    const created = await create({ Name: 'Renewal plan', CompanyId: companyId, DueDate: addDays(TODAY, 30), SuccessPlanType: 'Renewal', status: 'Active' });
    const planId = created.body.data.success[0].Gsid;
    for (const [i, name] of ['Confirm stakeholders', 'Sign renewal', 'Already done'].entries()) {
      const cta = await box.call('POST', '/v2/cockpit/cta', { requests: [{ record: {
        CompanyId: companyId, SuccessPlanId: planId, Name: name, type: 'Objective', DueDate: addDays(TODAY, 10 + i), ...(i === 2 ? { status: 'Closed Lost' } : {}),
      } }] });
      expect(cta.status, JSON.stringify(cta.body)).toBe(200);
    }
    const reply = await update({ Gsid: planId, status: 'Completed' });
    expect(reply.body.data.success[0]).toEqual({ Gsid: planId, closedObjectives: 2 });
    const after = await objectives(planId);
    expect(after.map((o) => [o.IsClosed, o['StatusId__gr.Name']]).sort()).toEqual([[true, 'Closed Lost'], [true, 'Closed Success'], [true, 'Closed Success']]);
    const [plan] = (await list({ select: ['IsClosed', 'ClosedDate'], where: { conditions: [{ fieldName: 'Gsid', operator: 'EQ', value: [planId] }] } })).body.data.records;
    expect(plan).toEqual({ IsClosed: true, ClosedDate: TODAY });
  });

  it('cancelling a plan closes its objectives as lost; other updates leave them alone', async () => {
    const created = await create({ Name: 'Risk plan', CompanyId: companyId, DueDate: addDays(TODAY, 30), SuccessPlanType: 'Risk Mitigation' });
    const planId = created.body.data.success[0].Gsid;
    await box.call('POST', '/v2/cockpit/cta', { requests: [{ record: { CompanyId: companyId, SuccessPlanId: planId, Name: 'Fix escalations', type: 'Objective', DueDate: TODAY } }] });
    await update({ Gsid: planId, Name: 'Risk plan (renamed)', DueDate: addDays(TODAY, 45) });
    expect((await objectives(planId))[0]?.IsClosed).toBe(false);
    await update({ Gsid: planId, status: 'Cancelled' });
    expect((await objectives(planId))[0]).toMatchObject({ IsClosed: true, 'StatusId__gr.Name': 'Closed Lost' });
  });

  it('refuses updates of unknown plans', async () => {
    const reply = await update({ Gsid: '1S03ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ', Name: 'x' });
    expect(reply.body.errorCode).toBe('GSOBJ_1004');
  });

  it('serves the success plan picklists', async () => {
    const reply = await box.call('GET', '/v2/successPlan/admin/picklist/lite?category=SUCCESS_PLAN_TYPE,SUCCESS_PLAN_STATUS&et=COMPANY');
    expect(reply.body.data.SUCCESS_PLAN_TYPE.map((i: { Name: string }) => i.Name)).toContain('Adoption');
    expect(reply.body.data.SUCCESS_PLAN_STATUS.filter((i: { IsClosed: boolean }) => i.IsClosed).map((i: { Name: string }) => i.Name)).toEqual(['Completed', 'Cancelled']);
  });

  it('defaults the owner to the access key user', async () => {
    const created = await create({ Name: 'Owned by API user', CompanyId: companyId, DueDate: TODAY, SuccessPlanType: 'Onboarding' });
    const [plan] = await records(box, 'cta_group', { select: ['OwnerId'], where: { conditions: [{ name: 'Gsid', operator: 'EQ', value: [created.body.data.success[0].Gsid] }] } });
    expect(plan?.OwnerId).toBe(API_USER_ID);
  });
});
