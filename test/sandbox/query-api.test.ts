import { beforeAll, describe, expect, it } from 'vitest';
import { records, useSandbox } from './helpers.js';

const box = useSandbox();
const GSID = /^[0-9A-Z]{36}$/;

describe('generic query: shapes', () => {
  it('answers in the Gainsight envelope with data.records keyed by the select paths', async () => {
    const reply = await box.query('Company', { select: ['Gsid', 'Name', 'Csm__gr.Email'], limit: 2 });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ result: true, errorCode: null, errorDesc: null, message: null });
    expect(reply.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.body.data.records).toHaveLength(2);
    expect(Object.keys(reply.body.data.records[0] ?? {})).toEqual(['Gsid', 'Name', 'Csm__gr.Email']);
  });

  it('returns dates and datetimes as epoch milliseconds and picklists as item GSIDs', async () => {
    const [company] = await records(box, 'Company', { select: ['RenewalDate', 'CreatedDate', 'Stage', 'Tags', 'Arr'], limit: 1 });
    expect(company?.RenewalDate % 86_400_000).toBe(0);
    expect(typeof company?.CreatedDate).toBe('number');
    expect(company?.Stage).toMatch(/^1I00[0-9A-Z]{32}$/);
    expect(company?.Tags.every((t: string) => t.startsWith('1I00'))).toBe(true);
    expect(typeof company?.Arr).toBe('number');
  });

  it('traverses lookups with __gr, up to three hops', async () => {
    const [cta] = await records(box, 'call_to_action', {
      select: ['CompanyId', 'CompanyId__gr.Name', 'CompanyId__gr.Csm__gr.Email', 'OwnerId', 'OwnerId__gr.Email', 'TypeId__gr.Name'],
      where: { conditions: [{ name: 'CompanyId__gr.Csm', operator: 'IS_NOT_NULL' }] },
      limit: 1,
    });
    const [company] = await records(box, 'Company', {
      select: ['Name', 'Csm__gr.Email'], where: { conditions: [{ name: 'Gsid', operator: 'EQ', value: [cta?.CompanyId] }] },
    });
    const [owner] = await records(box, 'gsuser', { select: ['Email'], where: { conditions: [{ name: 'Gsid', operator: 'EQ', value: [cta?.OwnerId] }] } });
    expect(cta?.['CompanyId__gr.Name']).toBe(company?.Name);
    expect(cta?.['CompanyId__gr.Csm__gr.Email']).toBe(company?.['Csm__gr.Email']);
    expect(cta?.['OwnerId__gr.Email']).toBe(owner?.Email);
    expect(['Risk', 'Expansion', 'Lifecycle', 'Activity', 'Objective']).toContain(cta?.['TypeId__gr.Name']);
  });

  it('orders by several keys, nulls last, including __gr fields', async () => {
    const rows = await records(box, 'Company', { select: ['Csm__gr.Name', 'Arr'], orderBy: { 'Csm__gr.Name': 'asc', Arr: 'desc' }, limit: 5000 });
    const named = rows.filter((r) => r['Csm__gr.Name'] !== null);
    expect(rows.slice(named.length).every((r) => r['Csm__gr.Name'] === null)).toBe(true);
    for (let i = 1; i < named.length; i += 1) {
      const [p, c] = [named[i - 1], named[i]];
      if (p?.['Csm__gr.Name'] === c?.['Csm__gr.Name']) expect(p?.Arr).toBeGreaterThanOrEqual(c?.Arr);
    }
  });

  it('pages with limit and offset without overlaps or gaps', async () => {
    const all = await records(box, 'Company', { select: ['Gsid'], orderBy: { Name: 'asc' }, limit: 5000 });
    const pages = [];
    for (let offset = 0; offset < all.length; offset += 70) {
      pages.push(...(await records(box, 'Company', { select: ['Gsid'], orderBy: { Name: 'asc' }, limit: 70, offset })));
    }
    expect(pages.map((r) => r.Gsid)).toEqual(all.map((r) => r.Gsid));
  });

  it('uses the object fields when select is left out and limits to 100 by default', async () => {
    const rows = await records(box, 'activity_timeline', {});
    expect(rows).toHaveLength(100);
    expect(Object.keys(rows[0] ?? {})).toContain('ExternalId');
  });

  it.each([
    ['Company', 'Name'], ['Relationship', 'CompanyId__gr.Name'], ['Person', 'Email'], ['Company_Person', 'Person_ID__gr.Name'],
    ['activity_timeline', 'Subject'], ['cs_task', 'CTAId__gr.Name'], ['gsuser', 'Email'], ['call_to_action', 'Name'],
    ['cta_group', 'Name'], ['RelationshipType', 'Name'], ['activity_type', 'Contexts'], ['scorecard_master', 'Name'],
    ['scorecard_measure', 'Weight'], ['scorecard_scheme', 'Color'], ['scorecard_fact', 'MeasureId__gr.Name'],
    ['scorecard_history', 'WeekStartDate'], ['company', 'Gsid'],
  ])('queries %s', async (object, field) => {
    const rows = await records(box, object, { select: ['Gsid', field], limit: 3 });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]?.Gsid).toMatch(GSID);
  });
});

describe('generic query: refusals', () => {
  it.each([
    ['no rows → GSOBJ_1011 (HTTP 400, result false)', 'Company',
      { select: ['Gsid'], where: { conditions: [{ name: 'Name', operator: 'EQ', value: ['No Such Company'] }] } }, 'GSOBJ_1011'],
    ['limit above 5000', 'Company', { select: ['Gsid'], limit: 5001 }, 'GSOBJ_1010'],
    ['limit 0', 'Company', { select: ['Gsid'], limit: 0 }, 'GSOBJ_1000'],
    ['negative offset', 'Company', { select: ['Gsid'], offset: -1 }, 'GSOBJ_1000'],
    ['unknown select field', 'Company', { select: ['Gsid', 'Revenue', 'Csm__gr.Salary'] }, 'GSOBJ_1002'],
    ['unknown object', 'Opportunity', { select: ['Gsid'] }, 'GSOBJ_1002'],
    ['internal object', 'picklist', { select: ['Gsid'] }, 'GSOBJ_1002'],
    ['select not an array of names', 'Company', { select: 'Name' }, 'GSOBJ_1000'],
    ['bad orderBy direction', 'Company', { select: ['Gsid'], orderBy: { Name: 'up' } }, 'GSOBJ_1000'],
    ['orderBy on an unknown field', 'Company', { select: ['Gsid'], orderBy: { Revenue: 'asc' } }, 'GSOBJ_1002'],
    ['body not an object', 'Company', [1, 2], 'GSOBJ_1000'],
    ['malformed JSON', 'Company', '{"select": [', 'GSOBJ_1000'],
  ])('%s', async (_label, object, body, code) => {
    const reply = await box.query(object, body);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ result: false, errorCode: code });
  });

  it('names every unknown select field', async () => {
    const reply = await box.query('Company', { select: ['Gsid', 'Revenue', 'Csm__gr.Salary'] });
    expect(reply.body.errorDesc).toContain('Revenue, Csm__gr.Salary');
  });

  it.each([['GET', '/v1/no/such/thing'], ['GET', '/v2/cockpit/cta'], ['PATCH', '/v2/successPlan']])(
    'answers %s %s with 404 in the envelope', async (method, path) => {
      const reply = await box.call(method, path);
      expect(reply.status).toBe(404);
      expect(reply.body).toMatchObject({ result: false, errorCode: 'GS_APIG_2404' });
    });
});

describe('metadata', () => {
  it('describes an object compactly, with lookups and picklist values', async () => {
    const reply = await box.call('GET', '/v1/meta/services/objects/Company/describe');
    expect(reply.status).toBe(200);
    expect(JSON.stringify(reply.body).length).toBeLessThan(20_000);
    const fields = reply.body.data.fields as { fieldName: string; dataType: string; lookupObject?: string; picklistValues?: unknown[] }[];
    expect(fields.find((f) => f.fieldName === 'Csm')).toMatchObject({ dataType: 'LOOKUP', lookupObject: 'gsuser' });
    expect(fields.find((f) => f.fieldName === 'RenewalDate')).toMatchObject({ dataType: 'DATE' });
    expect(fields.find((f) => f.fieldName === 'Stage')?.picklistValues).toContainEqual(expect.objectContaining({ Name: 'Adopting' }));
  });

  it('lists the queryable objects', async () => {
    const reply = await box.call('GET', '/v1/meta/services/objects');
    const names = reply.body.data.objects.map((o: { objectName: string }) => o.objectName);
    expect(names).toEqual(expect.arrayContaining(['Company', 'Relationship', 'Person', 'Company_Person', 'activity_timeline', 'cs_task', 'gsuser', 'scorecard_fact']));
    expect(names).not.toContain('picklist');
  });

  it('refuses describe of an unknown object', async () => {
    const reply = await box.call('GET', '/v1/meta/services/objects/Nope/describe');
    expect(reply.status).toBe(400);
    expect(reply.body.errorCode).toBe('GSOBJ_1002');
  });
});

describe('expressions over HTTP', () => {
  type Co = { Gsid: string; Arr: number; Employees: number; Name: string };
  let all: Co[];
  beforeAll(async () => {
    all = await records<Co>(box, 'Company', { select: ['Gsid', 'Arr', 'Employees', 'Name'], limit: 5000 });
  });

  const conditions = [
    { name: 'Arr', alias: 'A', operator: 'GT', value: [1_000_000] },
    { name: 'Arr', alias: 'B', operator: 'LT', value: [30_000] },
    { name: 'Employees', alias: 'C', operator: 'GT', value: [1_000] },
  ];
  const a = (c: Co) => c.Arr > 1_000_000;
  const b = (c: Co) => c.Arr < 30_000;
  const cc = (c: Co) => c.Employees > 1_000;

  it.each([
    ['A OR B AND C', (c: Co) => a(c) || (b(c) && cc(c))],
    ['(A OR B) AND C', (c: Co) => (a(c) || b(c)) && cc(c)],
    ['A AND C OR B', (c: Co) => (a(c) && cc(c)) || b(c)],
  ])('%s follows AND-before-OR precedence', async (expression, predicate) => {
    const got = await records<Co>(box, 'Company', { select: ['Gsid'], where: { conditions, expression }, limit: 5000 });
    const expected = all.filter(predicate).map((c) => c.Gsid).sort();
    expect(got.map((r) => r.Gsid).sort()).toEqual(expected);
  });

  it('without an expression ANDs all conditions', async () => {
    const got = await records<Co>(box, 'Company', { select: ['Gsid'], where: { conditions: [conditions[0], conditions[2]] }, limit: 5000 });
    expect(got.map((r) => r.Gsid).sort()).toEqual(all.filter((c) => a(c) && cc(c)).map((c) => c.Gsid).sort());
  });

  it.each([
    ['a bad expression', { conditions, expression: 'A OR (B' }, /expected "\)"/],
    ['an undefined alias', { conditions, expression: 'A OR Z' }, /alias Z/],
    ['a condition left out', { conditions, expression: 'A OR B' }, /C are not used/],
    ['a duplicate alias', { conditions: [conditions[0], { ...conditions[1], alias: 'A' }], expression: 'A' }, /used by two/],
    ['a condition without alias', { conditions: [{ name: 'Arr', operator: 'GT', value: [1] }], expression: 'A' }, /no alias/],
    ['an expression without conditions', { expression: 'A' }, /without conditions/],
  ])('refuses %s with GSOBJ_1009', async (_label, where, message) => {
    const reply = await box.query('Company', { select: ['Gsid'], where });
    expect(reply.status).toBe(400);
    expect(reply.body.errorCode).toBe('GSOBJ_1009');
    expect(reply.body.errorDesc).toMatch(message);
  });
});
