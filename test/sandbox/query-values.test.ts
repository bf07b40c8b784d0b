import { beforeAll, describe, expect, it } from 'vitest';
import { findObject, queryableObjects, table } from '../../sandbox/objects/index.js';
import { formatValue, type DateStyle } from '../../sandbox/query/format.js';
import { runQuery } from '../../sandbox/query/run-query.js';
import { buildQuery, type QuerySpec } from '../../sandbox/query/to-sql.js';
import { useSandbox } from './helpers.js';

/**
 * Query rows come back as JSON arrays (to-sql.ts), not one column per value. The oracle is the same
 * statement with one column per value, read by the driver's type parsers: every field of every
 * object, and every lookup's fields, must format to the same record, byte for byte, in both date
 * styles, including the awkward values the seed does not hold.
 */
const box = useSandbox();

/** Every field of the object, and every field of each object its lookups reach. */
function everything(objectName: string, extra: readonly string[] = []): QuerySpec {
  const object = queryableObjects().find((o) => o.name === objectName)!;
  const hops = object.fields
    .filter((f) => f.lookup && f.type !== 'multi')
    .flatMap((f) => findObject(f.lookup ?? '')?.fields.filter((g) => !g.lookup).map((g) => `${f.name}__gr.${g.name}`) ?? []);
  return {
    object, select: [...object.fields.map((f) => f.name), ...hops, ...extra], conditions: [], expression: undefined,
    orderBy: [{ path: 'Gsid', direction: 'desc' }], limit: 5000, offset: 0, withTotal: true,
  };
}

/** The statement with one column per selected value, formatted as runQuery formatted those columns. */
async function oracle(spec: QuerySpec, style: DateStyle) {
  const built = buildQuery(spec);
  const from = built.text.indexOf(` FROM ${spec.object.table} t`);
  const list = [...built.columns.map((c, i) => `${c.sql} AS c${i}`), 'count(*) OVER () AS total_count'];
  const { rows } = await box.handle.store.query<Record<string, unknown>>(`SELECT ${list.join(', ')}${built.text.slice(from)}`, built.params);
  return {
    records: rows.map((row) => Object.fromEntries(built.columns.map((c, i) => [c.path, formatValue(c.field, row[`c${i}`], style)]))),
    totalCount: Number(rows[0]?.total_count ?? 0),
  };
}

beforeAll(async () => {
  // Values the seed does not hold: microseconds, float digits, infinities, NaN, quotes and control
  // characters, NULL inside an array, an empty array.
  const company = table('company');
  const [first, second, third] = (await box.handle.store.query<{ gsid: string }>(`SELECT gsid FROM ${company} ORDER BY gsid LIMIT 3`)).rows;
  await box.handle.store.query(
    `UPDATE ${company} SET modified_date = '2026-03-16 12:34:56.789999+00', created_date = '1999-12-31 23:59:59.000001+05:30',
       arr = 0.1 + 0.2, mrr = 1e21, csat = 'NaN', current_score = '-Infinity', previous_score = 123456789.123456789,
       name = $2, industry = NULL, tags = ARRAY['a', NULL, 'é"\\'] WHERE gsid = $1`,
    [first?.gsid, 'Quote " backslash \\ tab \t newline \n nul-free \u0001 emoji 🚀 é'],
  );
  await box.handle.store.query(`UPDATE ${company} SET modified_date = 'infinity', tags = '{}', arr = -0.0 WHERE gsid = $1`, [second?.gsid]);
  await box.handle.store.query(`UPDATE ${company} SET created_date = '-infinity', csat = 'Infinity', renewal_date = NULL WHERE gsid = $1`, [third?.gsid]);
});

describe('query values', () => {
  const cases = queryableObjects().flatMap((o) => (['epoch', 'iso'] as const).map((style) => [o.name, style] as const));
  it.each(cases)('reads every field of %s (%s dates) as one column per value reads it', async (name, style) => {
    const spec = everything(name);
    const result = await runQuery(box.handle.store, spec, style);
    const expected = await oracle(spec, style);
    expect(result.records.length).toBeGreaterThan(0);
    expect(JSON.stringify(result)).toBe(JSON.stringify(expected));
    expect(result).toEqual(expected);
  });

  it('reads more columns than one JSON array may hold', async () => {
    const base = everything('Company');
    const spec = { ...base, select: Array.from({ length: 230 }, (_, i) => base.select[i % base.select.length]!) };
    const built = buildQuery(spec);
    expect(built.columns).toHaveLength(230);
    expect(built.text).toContain(' AS r2');
    const result = await runQuery(box.handle.store, spec, 'epoch');
    expect(JSON.stringify(result)).toBe(JSON.stringify(await oracle(spec, 'epoch')));
  });

  it('reads an empty select as empty records', async () => {
    const spec = { ...everything('Company'), select: [] };
    const result = await runQuery(box.handle.store, spec, 'epoch');
    expect(result.records.every((r) => Object.keys(r).length === 0)).toBe(true);
    expect(result.records.length).toBe((await oracle(spec, 'epoch')).records.length);
  });
});
