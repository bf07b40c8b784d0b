import { beforeAll, describe, expect, it } from 'vitest';
import { API_USER_ID } from '../../sandbox/index.js';
import { records, TODAY, useSandbox } from './helpers.js';

/**
 * CTA create looks everything up and inserts in one statement; these pin what it answers to what
 * the lookups one by one answered: the same error text for the first failing lookup, in the same
 * order, and the same row. Every case runs three times, so that each answer also comes from the
 * statement as the store runs it once prepared (and, across the file, from its generic plan).
 */
const box = useSandbox();
interface Ids {
  company: string;
  relationship: string;
  foreignRelationship: string;
  plan: string;
  user: { gsid: string; email: string };
  riskType: string;
}
const ids = {} as Ids;
const ROUNDS = 3;
const UNKNOWN = (prefix: string) => `${prefix}${'Z'.repeat(32)}`;

beforeAll(async () => {
  const [relationship] = await records(box, 'Relationship', { select: ['Gsid', 'CompanyId'], limit: 1 });
  ids.relationship = relationship?.Gsid;
  const [foreign] = await records(box, 'Relationship', {
    select: ['Gsid'], where: { conditions: [{ name: 'CompanyId', operator: 'NE', value: [relationship?.CompanyId] }] }, limit: 1,
  });
  ids.foreignRelationship = foreign?.Gsid;
  // The company of a relationship, so that one case can name both.
  ids.company = relationship?.CompanyId;
  const [plan] = await records(box, 'cta_group', { select: ['Gsid'], where: { conditions: [{ name: 'CompanyId', operator: 'EQ', value: [ids.company] }] }, limit: 1 });
  ids.plan = plan?.Gsid;
  const [user] = await records(box, 'gsuser', { select: ['Gsid', 'Email'], orderBy: { Email: 'desc' }, limit: 1 });
  ids.user = { gsid: user?.Gsid, email: user?.Email };
  const types = await box.call('GET', '/v2/cockpit/admin/picklist/lite?category=CTA_TYPE');
  ids.riskType = types.body.data.CTA_TYPE.find((item: { Name: string }) => item.Name === 'Risk').Gsid;
});

type Patch = (ids: Ids) => Record<string, unknown>;

let seq = 0;
const create = (patch: Patch) =>
  box.call('POST', '/v2/cockpit/cta', {
    requests: [{ record: { CompanyId: ids.company, Name: `CTA create ${++seq}`, type: 'Risk', DueDate: TODAY, ...patch(ids) } }],
  });
const ctaCount = async () => (await box.call('POST', '/v2/cockpit/cta/list', { pageSize: 1 })).body.data.totalCount as number;

/** What the request changes, and the errorCode and errorDesc of the first failing lookup. */
const refusals: [string, Patch, string, unknown][] = [
  ['an unknown company', () => ({ CompanyId: UNKNOWN('1P02') }), 'GSOBJ_1004', `CompanyId: no Company with GSID ${UNKNOWN('1P02')}`],
  ['an unknown relationship', () => ({ RelationshipId: UNKNOWN('1P05') }), 'GSOBJ_1004', `RelationshipId: no Relationship with GSID ${UNKNOWN('1P05')}`],
  ['a relationship of another company', (i) => ({ RelationshipId: i.foreignRelationship }), 'GSOBJ_1004', 'RelationshipId: the relationship belongs to another company'],
  ['an unknown success plan', () => ({ SuccessPlanId: UNKNOWN('1S03') }), 'GSOBJ_1004', `SuccessPlanId: no Success Plan with GSID ${UNKNOWN('1S03')}`],
  ['an unknown type', () => ({ type: 'Opportunity' }), 'GSOBJ_1002', 'Invalid value "Opportunity" for type; valid values: Risk, Expansion, Lifecycle, Activity, Objective'],
  ['an unknown type GSID', () => ({ type: UNKNOWN('1I00') }), 'GSOBJ_1002', `Invalid value "${UNKNOWN('1I00')}" for type; valid values: Risk, Expansion, Lifecycle, Activity, Objective`],
  ['an unknown status', () => ({ status: 'Done' }), 'GSOBJ_1002', 'Invalid value "Done" for status; valid values: New, Work In Progress, Closed Success, Closed Lost'],
  ['an unknown priority', () => ({ priority: 'Urgent' }), 'GSOBJ_1002', 'Invalid value "Urgent" for priority; valid values: High, Medium, Low'],
  ['an unknown reason', () => ({ reason: 'Boredom' }), 'GSOBJ_1002', expect.stringMatching(/^Invalid value "Boredom" for reason; valid values: Low Usage, Support Escalation, /)],
  ['an unknown owner email', () => ({ OwnerId: 'nobody@example.com' }), 'GSOBJ_1004', 'OwnerId: no user with email nobody@example.com'],
  ['an unknown owner GSID', () => ({ OwnerEmail: UNKNOWN('1P01') }), 'GSOBJ_1004', `OwnerId: no user with GSID ${UNKNOWN('1P01')}`],
  ['an unknown company before an unknown type', () => ({ CompanyId: UNKNOWN('1P02'), type: 'Nope' }), 'GSOBJ_1004', `CompanyId: no Company with GSID ${UNKNOWN('1P02')}`],
  ['an unknown success plan before an unknown type', () => ({ SuccessPlanId: UNKNOWN('1S03'), type: 'Nope' }), 'GSOBJ_1004', `SuccessPlanId: no Success Plan with GSID ${UNKNOWN('1S03')}`],
  ['an unknown type before an unknown status', () => ({ type: 'Nope', status: 'Nope' }), 'GSOBJ_1002', 'Invalid value "Nope" for type; valid values: Risk, Expansion, Lifecycle, Activity, Objective'],
  ['an unknown reason before an unknown owner', () => ({ reason: 'Nope', OwnerId: 'nobody@example.com' }), 'GSOBJ_1002', expect.stringMatching(/^Invalid value "Nope" for reason/)],
];

describe('CTA create refusals', () => {
  it.each(refusals)('refuses %s with the first failing lookup\'s error and writes nothing', async (_label, patch, code, desc) => {
    const before = await ctaCount();
    for (let round = 0; round < ROUNDS; round++) {
      const reply = await create(patch);
      expect(reply.status).toBe(400);
      expect(reply.body.errorCode).toBe(code);
      expect(reply.body.errorDesc).toEqual(desc);
      expect(reply.body.data).toEqual({ success: [], errors: [{ index: 0, referenceId: null, errorCode: code, errorDesc: reply.body.errorDesc }] });
    }
    expect(await ctaCount()).toBe(before);
  });
});

describe('CTA create', () => {
  const read = async (gsid: string) => (await records(box, 'call_to_action', {
    select: ['CompanyId', 'RelationshipId', 'EntityType', 'OwnerId', 'TypeId__gr.Name', 'StatusId__gr.Name', 'PriorityId__gr.Name',
      'ReasonId__gr.Name', 'DueDate', 'ClosedDate', 'IsClosed', 'IsImportant', 'Comments', 'SuccessPlanId', 'Source', 'ReferenceId', 'CreatedBy'],
    where: { conditions: [{ name: 'Gsid', operator: 'EQ', value: [gsid] }] },
  }))[0];

  it('fills defaults: status New, priority Medium, the access key user as owner, no close date', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const reply = await create(() => ({}));
      const [result] = reply.body.data.success;
      expect(result).toEqual({ referenceId: null, Gsid: expect.stringMatching(/^1S01[0-9A-Z]{32}$/), created: true });
      expect(await read(result.Gsid)).toEqual({
        CompanyId: ids.company, RelationshipId: null, EntityType: 'COMPANY', OwnerId: API_USER_ID, 'TypeId__gr.Name': 'Risk',
        'StatusId__gr.Name': 'New', 'PriorityId__gr.Name': 'Medium', 'ReasonId__gr.Name': null, DueDate: Date.parse(`${TODAY}T00:00:00Z`),
        ClosedDate: null, IsClosed: false, IsImportant: false, Comments: null, SuccessPlanId: null, Source: 'API', ReferenceId: null,
        CreatedBy: API_USER_ID,
      });
    }
  });

  it('takes picklists by GSID or by name in any case, the owner by email, a relationship and a plan', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const reply = await create((i) => ({
        type: i.riskType.toLowerCase(), status: 'closed SUCCESS', priority: 'low', reason: 'qbr', OwnerEmail: i.user.email.toUpperCase(),
        RelationshipId: i.relationship, SuccessPlanId: i.plan, IsImportant: true, Comments: '<p>hi</p>', referenceId: `cta-create-all-${round}`,
      }));
      const [result] = reply.body.data.success;
      expect(result).toMatchObject({ referenceId: `cta-create-all-${round}`, created: true });
      expect(await read(result.Gsid)).toEqual({
        CompanyId: ids.company, RelationshipId: ids.relationship, EntityType: 'RELATIONSHIP', OwnerId: ids.user.gsid, 'TypeId__gr.Name': 'Risk',
        'StatusId__gr.Name': 'Closed Success', 'PriorityId__gr.Name': 'Low', 'ReasonId__gr.Name': 'QBR', DueDate: Date.parse(`${TODAY}T00:00:00Z`),
        ClosedDate: Date.parse(`${TODAY}T00:00:00Z`), IsClosed: true, IsImportant: true, Comments: '<p>hi</p>', SuccessPlanId: ids.plan,
        Source: 'API', ReferenceId: `cta-create-all-${round}`, CreatedBy: API_USER_ID,
      });
    }
  });

  it('answers a resend with the first CTA before it looks at anything else', async () => {
    const first = (await create(() => ({ referenceId: 'cta-create-resend' }))).body.data.success[0];
    const before = await ctaCount();
    for (let round = 0; round < ROUNDS; round++) {
      const again = await create(() => ({ referenceId: 'cta-create-resend', type: 'Nope', CompanyId: UNKNOWN('1P02') }));
      expect(again.status).toBe(200);
      expect(again.body.data.success).toEqual([{ referenceId: 'cta-create-resend', Gsid: first.Gsid, created: false }]);
    }
    expect(await ctaCount()).toBe(before);
  });
});
