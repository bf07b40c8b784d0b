import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, epochOf, records, TODAY, useSandbox } from './helpers.js';

/**
 * Every operator of the generic query API, checked against an oracle: the same filter applied in
 * JavaScript to all companies fetched once. A wrong SQL translation shows up as a set difference.
 */
const box = useSandbox();

interface Co {
  Gsid: string; Name: string; Arr: number; Employees: number; RenewalDate: number; CreatedDate: number;
  Csm: string | null; Stage: string; Tags: string[]; Nps: number | null; ParentCompany: string | null; Trend: string;
  'Csm__gr.Email': string | null; 'Stage__gr.Name': string;
}
let all: Co[];
let tag: Record<string, string>;

beforeAll(async () => {
  all = await records<Co>(box, 'Company', {
    select: ['Gsid', 'Name', 'Arr', 'Employees', 'RenewalDate', 'CreatedDate', 'Csm', 'Stage', 'Tags', 'Nps',
      'ParentCompany', 'Trend', 'Csm__gr.Email', 'Stage__gr.Name'],
    limit: 5000,
  });
  const describe = await box.call('GET', '/v1/meta/services/objects/Company/describe');
  const tags = describe.body.data.fields.find((f: { fieldName: string }) => f.fieldName === 'Tags');
  tag = Object.fromEntries(tags.picklistValues.map((v: { Name: string; Gsid: string }) => [v.Name, v.Gsid]));
});

async function gsidsMatching(condition: Record<string, unknown>): Promise<string[]> {
  const reply = await box.query<{ Gsid: string }>('Company', { select: ['Gsid'], where: { conditions: [condition] }, limit: 5000 });
  if (reply.status === 400 && reply.body.errorCode === 'GSOBJ_1011') return [];
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body.data.records.map((r) => r.Gsid).sort();
}

const at = (i: number) => () => all[i] as Co;
type Case = [label: string, condition: () => Record<string, unknown>, predicate: (c: Co) => boolean];

const cases: Case[] = [
  ['EQ string, case-insensitive', () => ({ name: 'Name', operator: 'EQ', value: [at(5)().Name.toUpperCase()] }), (c) => c.Name === at(5)().Name],
  ['EQ number', () => ({ name: 'Employees', operator: 'EQ', value: [at(7)().Employees] }), (c) => c.Employees === at(7)().Employees],
  ['EQ date', () => ({ name: 'RenewalDate', operator: 'EQ', value: [new Date(at(3)().RenewalDate).toISOString().slice(0, 10)] }), (c) => c.RenewalDate === at(3)().RenewalDate],
  ['EQ gsid lookup', () => ({ name: 'Csm', operator: 'EQ', value: [at(2)().Csm] }), (c) => c.Csm === at(2)().Csm],
  ['EQ null means IS NULL', () => ({ name: 'Nps', operator: 'EQ', value: [null] }), (c) => c.Nps === null],
  ['NE string counts null as not equal', () => ({ name: 'Trend', operator: 'NE', value: ['up'] }), (c) => c.Trend !== 'Up'],
  ['NE lookup keeps companies without CSM', () => ({ name: 'Csm', operator: 'NE', value: [at(2)().Csm] }), (c) => c.Csm !== at(2)().Csm],
  ['LT number', () => ({ name: 'Arr', operator: 'LT', value: [50_000] }), (c) => c.Arr < 50_000],
  ['GT number', () => ({ name: 'Arr', operator: 'GT', value: [1_000_000] }), (c) => c.Arr > 1_000_000],
  ['LTE number (boundary)', () => ({ name: 'Arr', operator: 'LTE', value: [at(9)().Arr] }), (c) => c.Arr <= at(9)().Arr],
  ['GTE number (boundary)', () => ({ name: 'Arr', operator: 'GTE', value: [at(9)().Arr] }), (c) => c.Arr >= at(9)().Arr],
  ['LT date', () => ({ name: 'RenewalDate', operator: 'LT', value: [addDays(TODAY, 30)] }), (c) => c.RenewalDate < epochOf(addDays(TODAY, 30))],
  ['GT datetime (ISO)', () => ({ name: 'CreatedDate', operator: 'GT', value: [new Date(at(4)().CreatedDate).toISOString()] }), (c) => c.CreatedDate > at(4)().CreatedDate],
  ['LTE datetime (epoch ms)', () => ({ name: 'CreatedDate', operator: 'LTE', value: [at(4)().CreatedDate] }), (c) => c.CreatedDate <= at(4)().CreatedDate],
  ['BTW number, inclusive', () => ({ name: 'Arr', operator: 'BTW', value: [100_000, 200_000] }), (c) => c.Arr >= 100_000 && c.Arr <= 200_000],
  ['BTW date: renewing in the next 90 days', () => ({ name: 'RenewalDate', operator: 'BTW', value: [TODAY, addDays(TODAY, 90)] }),
    (c) => c.RenewalDate >= epochOf(TODAY) && c.RenewalDate <= epochOf(addDays(TODAY, 90))],
  ['IN strings, case-insensitive', () => ({ name: 'Name', operator: 'IN', value: [at(1)().Name.toLowerCase(), at(8)().Name] }),
    (c) => c.Name === at(1)().Name || c.Name === at(8)().Name],
  ['IN picklist GSIDs', () => ({ name: 'Stage', operator: 'IN', value: [at(0)().Stage, at(6)().Stage] }), (c) => c.Stage === at(0)().Stage || c.Stage === at(6)().Stage],
  ['IN numbers', () => ({ name: 'Employees', operator: 'IN', value: [at(1)().Employees, at(2)().Employees] }),
    (c) => c.Employees === at(1)().Employees || c.Employees === at(2)().Employees],
  ['NOT_IN lookup keeps nulls', () => ({ name: 'Csm', operator: 'NOT_IN', value: [at(2)().Csm, at(3)().Csm] }), (c) => c.Csm !== at(2)().Csm && c.Csm !== at(3)().Csm],
  ['CONTAINS, case-insensitive', () => ({ name: 'Name', operator: 'CONTAINS', value: ['ANALYTICS'] }), (c) => /analytics/i.test(c.Name)],
  ['CONTAINS treats % and _ literally', () => ({ name: 'Name', operator: 'CONTAINS', value: ['%'] }), (c) => c.Name.includes('%')],
  ['STARTS_WITH', () => ({ name: 'Name', operator: 'STARTS_WITH', value: ['north'] }), (c) => /^north/i.test(c.Name)],
  ['ENDS_WITH', () => ({ name: 'Name', operator: 'ENDS_WITH', value: ['labs'] }), (c) => /labs$/i.test(c.Name)],
  ['IS_NULL', () => ({ name: 'Csm', operator: 'IS_NULL' }), (c) => c.Csm === null],
  ['IS_NOT_NULL', () => ({ name: 'ParentCompany', operator: 'IS_NOT_NULL', value: [] }), (c) => c.ParentCompany !== null],
  ['INCLUDES any of the items', () => ({ name: 'Tags', operator: 'INCLUDES', value: [tag.Strategic, tag.Reference] }),
    (c) => c.Tags.includes(tag.Strategic as string) || c.Tags.includes(tag.Reference as string)],
  ['EXCLUDES', () => ({ name: 'Tags', operator: 'EXCLUDES', value: [tag.SMB] }), (c) => !c.Tags.includes(tag.SMB as string)],
  ['__gr lookup field in a condition', () => ({ name: 'Csm__gr.Email', operator: 'EQ', value: [at(2)()['Csm__gr.Email']] }),
    (c) => c['Csm__gr.Email'] === at(2)()['Csm__gr.Email']],
  ['__gr picklist name', () => ({ name: 'Stage__gr.Name', operator: 'IN', value: ['adopting', 'Will Churn'] }),
    (c) => c['Stage__gr.Name'] === 'Adopting' || c['Stage__gr.Name'] === 'Will Churn'],
];

describe('generic query operators', () => {
  it('has an oracle with enough data', () => {
    expect(all.length).toBeGreaterThanOrEqual(200);
    expect(Object.keys(tag)).toContain('Enterprise');
  });

  it.each(cases)('%s', async (label, condition, predicate) => {
    const expected = all.filter(predicate).map((c) => c.Gsid).sort();
    // A filter that keeps nothing (or everything) would not tell a right translation from a wrong one.
    if (!label.includes('literally')) expect(expected.length).toBeGreaterThan(0);
    if (!label.includes('literally')) expect(expected.length).toBeLessThan(all.length);
    expect(await gsidsMatching(condition())).toEqual(expected);
  });

  it('covers every operator the API lists', () => {
    const used = new Set(cases.map(([, c]) => String(c().operator)));
    for (const op of ['EQ', 'NE', 'LT', 'GT', 'LTE', 'GTE', 'BTW', 'IN', 'NOT_IN', 'CONTAINS', 'STARTS_WITH', 'ENDS_WITH',
      'IS_NULL', 'IS_NOT_NULL', 'INCLUDES', 'EXCLUDES']) expect(used, op).toContain(op);
  });

  it('binds values as parameters (an injection attempt is just a name that matches nothing)', async () => {
    expect(await gsidsMatching({ name: 'Name', operator: 'EQ', value: ["x' OR '1'='1"] })).toEqual([]);
    expect(await gsidsMatching({ name: 'Name', operator: 'CONTAINS', value: ["'); DROP TABLE sandbox.company; --"] })).toEqual([]);
    expect((await records(box, 'Company', { select: ['Gsid'], limit: 5000 })).length).toBe(all.length);
  });

  // CONTAINS, STARTS_WITH and ENDS_WITH run as lower(text) LIKE lower(pattern) (operators.ts): the
  // answer ILIKE would give, for every character whose case lower() or upper() changes.
  it('matches text patterns as ILIKE does, whatever the characters', async () => {
    const { rows } = await box.handle.store.query<{ pairs: number; differ: number }>(`
      WITH ch AS (SELECT chr(c) AS c FROM generate_series(1, 131071) c WHERE c NOT BETWEEN 55296 AND 57343),
      pairs AS (
        SELECT 'Ab' || ch.c || 'Cd' AS s, p FROM ch,
          LATERAL (VALUES ('%' || ch.c || '%'), ('%' || upper(ch.c) || '%'), ('%' || lower(ch.c) || '%'),
                          ('ab' || upper(ch.c) || '%'), ('%B' || lower(ch.c) || 'C%')) AS v (p)
        WHERE upper(ch.c) <> lower(ch.c) OR ch.c IN ('%', '_', '\\', 'ß', 'İ', 'ı', 'ς'))
      SELECT count(*)::int AS pairs, count(*) FILTER (WHERE (s ILIKE p) IS DISTINCT FROM (lower(s) LIKE lower(p)))::int AS differ
      FROM pairs`);
    expect(rows[0]!.pairs).toBeGreaterThan(10_000);
    expect(rows[0]!.differ).toBe(0);
  });
});

const invalid: [label: string, condition: Record<string, unknown>, code: string][] = [
  ['operator not valid for a number', { name: 'Arr', operator: 'CONTAINS', value: ['1'] }, 'GSOBJ_1008'],
  ['INCLUDES on a single-value field', { name: 'Name', operator: 'INCLUDES', value: ['x'] }, 'GSOBJ_1008'],
  ['unknown operator', { name: 'Name', operator: 'LIKE', value: ['x'] }, 'GSOBJ_1008'],
  ['IN without values', { name: 'Name', operator: 'IN', value: [] }, 'GSOBJ_1008'],
  ['BTW with one value', { name: 'Arr', operator: 'BTW', value: [1] }, 'GSOBJ_1008'],
  ['EQ with two values', { name: 'Arr', operator: 'EQ', value: [1, 2] }, 'GSOBJ_1008'],
  ['value not an array', { name: 'Name', operator: 'EQ', value: 'Acme' }, 'GSOBJ_1000'],
  ['impossible date', { name: 'RenewalDate', operator: 'EQ', value: ['2026-02-30'] }, 'GSOBJ_1005'],
  ['bad datetime', { name: 'CreatedDate', operator: 'GT', value: ['yesterday-ish'] }, 'GSOBJ_1006'],
  ['not a number', { name: 'Arr', operator: 'GT', value: ['lots'] }, 'GSOBJ_1003'],
  ['not a GSID', { name: 'Csm', operator: 'EQ', value: ['bob'] }, 'GSOBJ_1004'],
  ['null inside IN', { name: 'Name', operator: 'IN', value: ['a', null] }, 'GSOBJ_1007'],
  ['unknown field', { name: 'Revenue', operator: 'GT', value: [1] }, 'GSOBJ_1002'],
  ['unknown field behind __gr', { name: 'Csm__gr.Salary', operator: 'GT', value: [1] }, 'GSOBJ_1002'],
  ['__gr on a field that is not a lookup', { name: 'Name__gr.Email', operator: 'EQ', value: ['x'] }, 'GSOBJ_1002'],
];

describe('invalid conditions', () => {
  it.each(invalid)('%s → %s', async (_label, condition, code) => {
    const reply = await box.query('Company', { select: ['Gsid'], where: { conditions: [condition] } });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ result: false, errorCode: code });
    expect(reply.body.errorDesc).toBeTruthy();
  });
});
