import { describe, expect, it } from 'vitest';
import type { Sql } from '../../engine/store/index.js';
import { queryableObjects } from '../../sandbox/objects/index.js';
import { PlanCache, type Statement } from '../../sandbox/query/plan-cache.js';
import { runQuery } from '../../sandbox/query/run-query.js';
import { buildQuery, type QuerySpec } from '../../sandbox/query/to-sql.js';
import { useSandbox } from './helpers.js';

const box = useSandbox();

const plannedFunctions = async () =>
  (await box.handle.store.query<{ n: number }>(
    `SELECT count(*) AS n FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace WHERE s.nspname LIKE 'pg_temp%' AND p.proname LIKE 'toolgate_plan_%'`,
  )).rows[0]?.n ?? 0;

/** Every field of the object, and the Name (or Gsid) behind each of its lookups. */
function everything(objectName: string): QuerySpec {
  const object = queryableObjects().find((o) => o.name === objectName)!;
  const hops = object.fields.filter((f) => f.lookup && f.type !== 'multi').map((f) => `${f.name}__gr.Gsid`);
  return {
    object, select: [...object.fields.map((f) => f.name), ...hops], conditions: [], expression: undefined,
    orderBy: [{ path: 'Gsid', direction: 'desc' }], limit: 50, offset: 0, withTotal: true,
  };
}

describe('plan cache', () => {
  it.each(queryableObjects().map((o) => o.name))('answers a query on %s with the rows the statement itself gives', async (name) => {
    const spec = everything(name);
    const { text, params } = buildQuery(spec);
    const plain = (await box.handle.store.query(text, params)).rows;
    const plans = PlanCache.for(box.handle.store);
    const db = { sql: box.handle.store, plans };
    const before = await plannedFunctions();
    const first = await runQuery(db, spec, 'iso');
    const again = await runQuery(db, spec, 'iso');
    expect(await plannedFunctions()).toBe(before + 1);
    expect(again).toEqual(first);
    // Same values, same JavaScript types, through the function as through the statement.
    const direct = (await plans.query(box.handle.store, { text, columns: buildQuery(spec).names }, params)).rows;
    expect(direct).toEqual(plain);
  });

  it('runs a statement as it is the first time, plans it the second and calls its function from then on', async () => {
    const plans = PlanCache.for(box.handle.store);
    const statement: Statement = { text: 'SELECT gsid, name FROM sandbox.company WHERE arr > $1 ORDER BY gsid LIMIT $2', columns: ['gsid', 'name'] };
    const before = await plannedFunctions();
    const first = await plans.query(box.handle.store, statement, [100_000, 5]);
    expect(await plannedFunctions()).toBe(before);
    const again = await plans.query(box.handle.store, statement, [100_000, 5]);
    expect(await plannedFunctions()).toBe(before + 1);
    const third = await plans.query(box.handle.store, statement, [100_000, 5]);
    expect(await plannedFunctions()).toBe(before + 1);
    expect(again.rows).toEqual(first.rows);
    expect(third.rows).toEqual(first.rows);
    expect(first.rows).toEqual((await box.handle.store.query(statement.text, [100_000, 5])).rows);
  });

  it('inside a transaction runs the statement as it is and plans it after, so a rollback keeps the plan', async () => {
    const plans = PlanCache.for(box.handle.store);
    const statement: Statement = {
      text: `INSERT INTO sandbox.request_log (method, path, status, duration_ms) VALUES ($1, $2, $3, $4) RETURNING path, status`,
      columns: ['path', 'status'],
    };
    const before = await plannedFunctions();
    const rolledBack = new Error('roll back');
    const inTx = (sql: Sql) => plans.query(sql, statement, ['TEST', '/plan-cache', 299, 0]);
    await expect(box.handle.store.transaction(async (tx) => {
      expect((await inTx(tx)).rows).toEqual([{ path: '/plan-cache', status: 299 }]);
      expect((await inTx(tx)).rows).toEqual([{ path: '/plan-cache', status: 299 }]);
      throw rolledBack;
    })).rejects.toBe(rolledBack);
    // Outside a transaction a call waits for the function being made.
    expect((await inTx(box.handle.store)).rows).toEqual([{ path: '/plan-cache', status: 299 }]);
    expect(await plannedFunctions()).toBe(before + 1);
    expect((await box.handle.store.transaction(inTx)).rows).toEqual([{ path: '/plan-cache', status: 299 }]);
    expect(await plannedFunctions()).toBe(before + 1);
    expect(await box.handle.requestLog({ status: 299 })).toHaveLength(2);
  });

  it('leaves a statement it cannot plan to raise its own error', async () => {
    const plans = PlanCache.for(box.handle.store);
    const statement: Statement = { text: 'SELECT nope FROM sandbox.company WHERE gsid = $1', columns: ['nope'] };
    const plain = await box.handle.store.query(statement.text, ['x']).catch((error: Error) => error.message);
    for (let call = 0; call < 3; call++) await expect(plans.query(box.handle.store, statement, ['x'])).rejects.toThrow(plain as string);
  });

  it('raises the errors of bad values as the statement does', async () => {
    const plans = PlanCache.for(box.handle.store);
    const statement: Statement = { text: 'SELECT gsid FROM sandbox.company WHERE renewal_date > $1', columns: ['gsid'] };
    await plans.query(box.handle.store, statement, ['2026-01-01']);
    await plans.query(box.handle.store, statement, ['2026-01-01']);
    await expect(plans.query(box.handle.store, statement, ['not a date'])).rejects.toThrow(/invalid input syntax for type date/);
  });
});
