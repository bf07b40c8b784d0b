import { beforeAll, describe, expect, it } from 'vitest';
import { API_USER_ID } from '../../sandbox/index.js';
import { records, useSandbox } from './helpers.js';

const box = useSandbox();
const post = (...recs: Record<string, unknown>[]) => box.call('POST', '/v1/ant/es/activity', { records: recs });
const put = (identifier: string, ...recs: Record<string, unknown>[]) => box.call('PUT', `/v1/ant/es/activity?identifier=${identifier}`, { records: recs });
const total = async () => (await box.handle.store.query<{ n: number }>('SELECT count(*) AS n FROM sandbox.activity_timeline')).rows[0]?.n;
const byId = async (gsid: string) => (await records(box, 'activity_timeline', {
  select: ['Gsid', 'ExternalId', 'Subject', 'Notes', 'ActivityDate', 'ContextName', 'TypeName', 'AuthorId', 'AuthorId__gr.Email',
    'GsCompanyId', 'GsRelationshipId', 'CtaId', 'SuccessPlanId', 'internalAttendees', 'externalAttendees'],
  where: { conditions: [{ name: 'Gsid', operator: 'EQ', value: [gsid] }] },
}))[0];

let company: { Gsid: string; csmEmail: string };
let relationship: { Gsid: string; CompanyId: string };
let cta: { Gsid: string; CompanyId: string };
let plan: { Gsid: string; CompanyId: string };
let contactEmail: string;

beforeAll(async () => {
  const [c] = await records(box, 'Company', { select: ['Gsid', 'Csm__gr.Email'], where: { conditions: [{ name: 'Csm', operator: 'IS_NOT_NULL' }] }, limit: 1 });
  company = { Gsid: c?.Gsid, csmEmail: c?.['Csm__gr.Email'] };
  relationship = (await records(box, 'Relationship', { select: ['Gsid', 'CompanyId'], limit: 1 }))[0] as typeof relationship;
  cta = (await records(box, 'call_to_action', { select: ['Gsid', 'CompanyId'], limit: 1 }))[0] as typeof cta;
  plan = (await records(box, 'cta_group', { select: ['Gsid', 'CompanyId'], limit: 1 }))[0] as typeof plan;
  const [link] = await records(box, 'Company_Person', { select: ['Person_ID__gr.Email'], where: { conditions: [{ name: 'Company_ID', operator: 'EQ', value: [company.Gsid] }] }, limit: 1 });
  contactEmail = link?.['Person_ID__gr.Email'];
});

describe('timeline create', () => {
  it('creates a company activity readable through the generic query', async () => {
    const reply = await post({
      ContextName: 'Company', TypeName: 'Call', ExternalId: 'tl-1', Subject: 'Renewal call', Notes: '<p>Went <b>well</b></p>',
      ActivityDate: '2026-03-10T15:30:00Z', Author: company.csmEmail, CompanyId: company.Gsid, internalAttendees: [company.csmEmail],
      externalAttendees: [contactEmail],
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const [result] = reply.body.data.success;
    expect(result).toMatchObject({ ExternalId: 'tl-1', created: true, Gsid: expect.stringMatching(/^1A01[0-9A-Z]{32}$/) });
    expect(result.activityId).toBe(result.Gsid);
    const activity = await byId(result.Gsid);
    expect(activity).toMatchObject({
      ExternalId: 'tl-1', Subject: 'Renewal call', Notes: '<p>Went <b>well</b></p>', ActivityDate: Date.parse('2026-03-10T15:30:00Z'),
      ContextName: 'Company', TypeName: 'Call', 'AuthorId__gr.Email': company.csmEmail, GsCompanyId: company.Gsid, GsRelationshipId: null,
    });
    expect(activity?.internalAttendees).toEqual([activity?.AuthorId]);
    expect(activity?.externalAttendees).toHaveLength(1);
  });

  it('answers a resent ExternalId with the existing activity and creates nothing', async () => {
    const before = await total();
    const first = await post({ ContextName: 'Company', TypeName: 'Email', ExternalId: 'tl-2', Subject: 'Sent deck', ActivityDate: '2026-03-11', CompanyId: company.Gsid });
    const again = await post({ ContextName: 'Company', TypeName: 'Email', ExternalId: 'tl-2', Subject: 'Sent deck (retry)', ActivityDate: '2026-03-11', CompanyId: company.Gsid });
    expect(again.body.data.success[0]).toEqual({ ExternalId: 'tl-2', Gsid: first.body.data.success[0].Gsid, activityId: first.body.data.success[0].Gsid, created: false });
    expect(await total()).toBe(Number(before) + 1);
    expect((await byId(first.body.data.success[0].Gsid))?.Subject).toBe('Sent deck');
  });

  it.each([
    ['Relationship', () => ({ RelationshipId: relationship.Gsid }), () => ({ GsRelationshipId: relationship.Gsid, GsCompanyId: relationship.CompanyId })],
    ['CTA', () => ({ CtaId: cta.Gsid }), () => ({ CtaId: cta.Gsid, GsCompanyId: cta.CompanyId })],
    ['SuccessPlan', () => ({ SuccessPlanId: plan.Gsid }), () => ({ SuccessPlanId: plan.Gsid, GsCompanyId: plan.CompanyId })],
  ])('logs on a %s and derives the company from it', async (context, ids, expected) => {
    const reply = await post({ ContextName: context, TypeName: 'Update', Subject: `${context} note`, ActivityDate: Date.parse('2026-03-12T09:00:00Z'), ...ids() });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(await byId(reply.body.data.success[0].Gsid)).toMatchObject({ ContextName: context, AuthorId: API_USER_ID, ...expected() });
  });

  const base = () => ({ ContextName: 'Company', TypeName: 'Call', Subject: 'x', ActivityDate: '2026-03-12T09:00:00Z', CompanyId: company.Gsid, ExternalId: 'never-written' });
  it.each([
    ['an unknown context', { ContextName: 'Opportunity' }, 'GSOBJ_1003'],
    ['a CTA context without CtaId', { ContextName: 'CTA', CtaId: '' }, 'GSOBJ_1007'],
    ['a CtaId that is not a GSID', { ContextName: 'CTA', CompanyId: undefined, CtaId: 'X' }, 'GSOBJ_1004'],
    ['an unknown type', { TypeName: 'Carrier Pigeon' }, 'GSOBJ_1002'],
    ['a missing subject', { Subject: undefined }, 'GSOBJ_1007'],
    ['a bad activity date', { ActivityDate: '2026-03-32T10:00:00Z' }, 'GSOBJ_1006'],
    ['an unknown author', { Author: 'ghost@example.com' }, 'GSOBJ_1004'],
    ['an unknown company', { CompanyId: '1P02ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ' }, 'GSOBJ_1004'],
    ['a relationship context without relationship', { ContextName: 'Relationship' }, 'GSOBJ_1007'],
    ['a relationship of another company', { ContextName: 'Relationship', RelationshipId: 'REL_OF_OTHER' }, 'GSOBJ_1004'],
    ['an unknown field', { Sentiment: 'happy' }, 'GSOBJ_1002'],
  ])('refuses %s and writes nothing', async (_label, patch, code) => {
    const resolved = Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, v === 'REL_OF_OTHER' ? relationship.Gsid : v]));
    const company2 = resolved.RelationshipId ? (await records(box, 'Company', { select: ['Gsid'], where: { conditions: [{ name: 'Gsid', operator: 'NE', value: [relationship.CompanyId] }] }, limit: 1 }))[0]?.Gsid : undefined;
    const before = await total();
    const reply = await post({ ...base(), ...(company2 ? { CompanyId: company2 } : {}), ...resolved });
    expect(reply.status).toBe(400);
    expect(reply.body.errorCode).toBe(code);
    expect(await total()).toBe(before);
  });

  it('refuses a type the context does not allow', async () => {
    const reply = await post({ ...base(), ContextName: 'CTA', CtaId: cta.Gsid, CompanyId: cta.CompanyId, TypeName: 'Feedback' });
    expect(reply.body).toMatchObject({ errorCode: 'GSOBJ_1003' });
    expect(reply.body.errorDesc).toMatch(/Feedback is for Company, Relationship/);
  });

  it('writes nothing from a batch when one record fails', async () => {
    const before = await total();
    const reply = await post({ ...base(), ExternalId: 'batch-ok' }, { ...base(), ExternalId: 'batch-bad', Subject: '' });
    expect(reply.body.data).toMatchObject({ success: [], errors: [{ index: 1, errorCode: 'GSOBJ_1007', referenceId: 'batch-bad' }] });
    expect(await total()).toBe(before);
  });
});

describe('timeline update', () => {
  let gsid: string;
  beforeAll(async () => {
    const reply = await post({ ContextName: 'Company', TypeName: 'Meeting', ExternalId: 'tl-upd', Subject: 'QBR', ActivityDate: '2026-03-01T10:00:00Z', CompanyId: company.Gsid });
    gsid = reply.body.data.success[0].Gsid;
  });

  it.each([
    ['externalid', () => ({ ExternalId: 'tl-upd', Subject: 'QBR (by external id)' }), 'QBR (by external id)'],
    ['gsid', () => ({ Gsid: gsid, Subject: 'QBR (by gsid)' }), 'QBR (by gsid)'],
    ['activityid', () => ({ ActivityId: gsid, Subject: 'QBR (by activity id)', TypeName: 'Call' }), 'QBR (by activity id)'],
  ])('updates by %s', async (identifier, record, subject) => {
    const reply = await put(identifier, record());
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect((await byId(gsid))?.Subject).toBe(subject);
  });

  it('changes notes, date and type', async () => {
    await put('externalid', { ExternalId: 'tl-upd', Notes: '<p>Minutes</p>', ActivityDate: '2026-03-02T11:00:00Z', TypeName: 'Meeting' });
    expect(await byId(gsid)).toMatchObject({ Notes: '<p>Minutes</p>', ActivityDate: Date.parse('2026-03-02T11:00:00Z'), TypeName: 'Meeting' });
  });

  it.each([
    ['externalid', { ExternalId: 'no-such-activity', Subject: 'x' }, 'GSOBJ_1011'],
    ['gsid', { Gsid: 'not-a-gsid', Subject: 'x' }, 'GSOBJ_1004'],
    ['phone', { ExternalId: 'tl-upd', Subject: 'x' }, 'GSOBJ_1003'],
    ['externalid', { ExternalId: 'tl-upd' }, 'GSOBJ_1007'],
  ])('refuses identifier=%s with %j', async (identifier, record, code) => {
    expect((await put(identifier, record)).body.errorCode).toBe(code);
  });
});

describe('activity types', () => {
  it('lists the types with their contexts and the create fields', async () => {
    const reply = await box.call('GET', '/v1/ant/es/activity/types');
    expect(reply.status).toBe(200);
    const names = reply.body.data.records.map((t: { Name: string }) => t.Name);
    expect(names).toEqual(['Call', 'Email', 'Meeting', 'Update', 'Milestone', 'Feedback']);
    expect(reply.body.data.records.find((t: { Name: string }) => t.Name === 'Update').Contexts).toContain('ScorecardMeasure');
    expect(reply.body.data.fields.find((f: { fieldName: string }) => f.fieldName === 'Subject')).toMatchObject({ required: true });
  });
});
