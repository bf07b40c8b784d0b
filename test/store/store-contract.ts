import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliedIds, dropNamespace, insertRows, migrate, type Store } from '../../engine/store/index.js';

/**
 * The behaviour every Store implementation must share (Hono-style contract: one suite, run once per
 * implementation). Everything it creates lives in namespaces unique to this run, dropped at the end,
 * so it can run against a shared PostgreSQL server.
 */
export function runStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    const ns = `contract_${randomBytes(4).toString('hex')}`;
    const other = `${ns}_b`;
    const table = `${ns}.items`;

    beforeAll(async () => {
      store = await open();
      await store.exec(`CREATE SCHEMA ${ns}; CREATE TABLE ${table} (id int PRIMARY KEY, label text)`);
    });

    afterAll(async () => {
      if (!store) return;
      for (const namespace of [ns, other, `${ns}_bad`]) await dropNamespace(store, namespace);
      await store.close();
    });

    it('binds parameters as values, never as SQL', async () => {
      const hostile = "x'); DROP TABLE items; --";
      await store.query(`INSERT INTO ${table} (id, label) VALUES ($1, $2)`, [1, hostile]);
      const { rows } = await store.query<{ label: string }>(`SELECT label FROM ${table} WHERE id = $1`, [1]);
      expect(rows).toEqual([{ label: hostile }]);
    });

    it('returns the same JavaScript values for each column type', async () => {
      const { rows } = await store.query(
        `SELECT 42::int8 AS i8, 7::int4 AS i4, '2024-02-29'::date AS d, '12.50'::numeric AS n, 1.5::float8 AS f,
                '2024-01-02T03:04:05.678Z'::timestamptz AS tz, '2024-01-02 03:04:05.678'::timestamp AS ts,
                '{"a":[1,2]}'::jsonb AS j, ARRAY['a','b,c'] AS arr, true AS b, NULL::text AS nothing,
                $1::text[] AS param_arr, $2::timestamptz AS param_date`,
        [['x', 'y z'], new Date('2020-05-06T07:08:09.000Z')],
      );
      expect(rows[0]).toEqual({
        i8: 42,
        i4: 7,
        d: '2024-02-29',
        n: '12.50',
        f: 1.5,
        tz: new Date('2024-01-02T03:04:05.678Z'),
        ts: new Date('2024-01-02T03:04:05.678Z'),
        j: { a: [1, 2] },
        arr: ['a', 'b,c'],
        b: true,
        nothing: null,
        param_arr: ['x', 'y z'],
        param_date: new Date('2020-05-06T07:08:09.000Z'),
      });
    });

    it('reports affected rows for writes and zero for reads', async () => {
      const insert = await store.query(`INSERT INTO ${table} (id, label) VALUES (10, 'a'), (11, 'b'), (12, 'c')`);
      expect(insert.affectedRows).toBe(3);
      const update = await store.query(`UPDATE ${table} SET label = 'z' WHERE id >= $1`, [11]);
      expect(update.affectedRows).toBe(2);
      const select = await store.query(`SELECT * FROM ${table} WHERE id >= 10`);
      expect(select.rows).toHaveLength(3);
      expect(select.affectedRows).toBe(0);
      const remove = await store.query(`DELETE FROM ${table} WHERE id >= 10`);
      expect(remove.affectedRows).toBe(3);
    });

    it('runs several statements with exec', async () => {
      await store.exec(`INSERT INTO ${table} VALUES (20, 'p'); INSERT INTO ${table} VALUES (21, 'q');`);
      const { rows } = await store.query(`SELECT count(*) AS n FROM ${table} WHERE id IN (20, 21)`);
      expect(rows[0]).toEqual({ n: 2 });
    });

    it('rejects bad SQL and stays usable', async () => {
      await expect(store.query('SELEC nonsense')).rejects.toThrow();
      await expect(store.query(`INSERT INTO ${table} VALUES (20, 'dup')`)).rejects.toThrow(/duplicate key/);
      const { rows } = await store.query('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
    });

    it('commits a transaction and returns its value', async () => {
      const value = await store.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} VALUES ($1, $2)`, [30, 'tx']);
        return 'done';
      });
      expect(value).toBe('done');
      const { rows } = await store.query(`SELECT label FROM ${table} WHERE id = 30`);
      expect(rows).toEqual([{ label: 'tx' }]);
    });

    it('rolls a transaction back when its callback throws', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.query(`INSERT INTO ${table} VALUES (31, 'gone')`);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const { rows } = await store.query(`SELECT * FROM ${table} WHERE id = 31`);
      expect(rows).toEqual([]);
    });

    it('rolls back a failed statement inside a transaction with the rest of it', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.query(`INSERT INTO ${table} VALUES (32, 'first')`);
          await tx.query(`INSERT INTO ${table} VALUES (32, 'duplicate')`);
        }),
      ).rejects.toThrow(/duplicate key/);
      const { rows } = await store.query(`SELECT * FROM ${table} WHERE id = 32`);
      expect(rows).toEqual([]);
    });

    it('turns a nested transaction into a savepoint', async () => {
      await store.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} VALUES (40, 'outer')`);
        await expect(
          tx.transaction(async (inner) => {
            await inner.query(`INSERT INTO ${table} VALUES (41, 'inner')`);
            throw new Error('inner failed');
          }),
        ).rejects.toThrow('inner failed');
        await tx.transaction((inner) => inner.query(`INSERT INTO ${table} VALUES (42, 'inner ok')`));
      });
      const { rows } = await store.query(`SELECT id FROM ${table} WHERE id BETWEEN 40 AND 42 ORDER BY id`);
      expect(rows).toEqual([{ id: 40 }, { id: 42 }]);
    });

    it('keeps concurrent transactions apart and commits them all', async () => {
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.transaction(async (tx) => {
            await tx.query(`INSERT INTO ${table} VALUES ($1, 'c')`, [100 + i]);
            const { rows } = await tx.query(`SELECT count(*) AS n FROM ${table} WHERE id = $1`, [100 + i]);
            expect(rows[0]).toEqual({ n: 1 });
          }),
        ),
      );
      const { rows } = await store.query(`SELECT count(*) AS n FROM ${table} WHERE id BETWEEN 100 AND 107`);
      expect(rows[0]).toEqual({ n: 8 });
    });

    it('inserts many rows in chunks, typed by the table, leaving other columns to their defaults', async () => {
      await store.exec(`CREATE TABLE ${ns}.bulk (id int PRIMARY KEY, label text, day date, at timestamptz, tags text[],
        doc jsonb, flag boolean, note text DEFAULT 'default note')`);
      const rows = Array.from({ length: 12_000 }, (_, i) => ({
        id: i, label: i % 2 ? `row ${i}` : "quote ' and \\ backslash", day: '2024-02-29', at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)),
        tags: ['a', `b,${i}`], doc: { n: i, nested: [true, null] }, flag: i % 3 === 0,
      }));
      expect(await insertRows(store, `${ns}.bulk`, rows)).toBe(12_000);
      const { rows: check } = await store.query(`SELECT count(*) AS n, max(id) AS top FROM ${ns}.bulk`);
      expect(check[0]).toEqual({ n: 12_000, top: 11_999 });
      const { rows: one } = await store.query(`SELECT * FROM ${ns}.bulk WHERE id IN (0, 7) ORDER BY id`);
      expect(one).toEqual([
        { id: 0, label: "quote ' and \\ backslash", day: '2024-02-29', at: new Date('2024-01-01T00:00:00Z'), tags: ['a', 'b,0'],
          doc: { n: 0, nested: [true, null] }, flag: true, note: 'default note' },
        { id: 7, label: 'row 7', day: '2024-02-29', at: new Date('2024-01-01T00:00:07Z'), tags: ['a', 'b,7'],
          doc: { n: 7, nested: [true, null] }, flag: false, note: 'default note' },
      ]);
      expect(await insertRows(store, `${ns}.bulk`, [])).toBe(0);
      await expect(insertRows(store, `${table}; DROP`, [{ id: 1 }])).rejects.toThrow(/invalid identifier/);
      await expect(insertRows(store, table, [{ 'id) VALUES (1); --': 1 }])).rejects.toThrow(/invalid identifier/);
    });

    describe('migrations', () => {
      const first = { id: '001-a', sql: 'CREATE TABLE things (id int PRIMARY KEY);' };
      const second = { id: '002-b', sql: 'ALTER TABLE things ADD COLUMN name text; INSERT INTO things VALUES (1, $$one$$);' };

      it('applies each migration once, in order, inside its namespace', async () => {
        expect(await migrate(store, { namespace: other, migrations: [first] })).toEqual(['001-a']);
        expect(await migrate(store, { namespace: other, migrations: [first, second] })).toEqual(['002-b']);
        expect(await migrate(store, { namespace: other, migrations: [first, second] })).toEqual([]);
        expect(await appliedIds(store, other)).toEqual(['001-a', '002-b']);
        const { rows } = await store.query(`SELECT * FROM ${other}.things`);
        expect(rows).toEqual([{ id: 1, name: 'one' }]);
      });

      it('checks an up-to-date namespace with reads alone (every start after the first), and still refuses unknown ids', async () => {
        const readsOnly = new Proxy(store, {
          get: (target, key) => (key === 'transaction' || key === 'exec' ? () => Promise.reject(new Error(`migrate used ${String(key)} on an up-to-date namespace`)) : Reflect.get(target, key)),
        });
        expect(await migrate(readsOnly, { namespace: other, migrations: [first, second] })).toEqual([]);
        await expect(migrate(readsOnly, { namespace: other, migrations: [first] })).rejects.toThrow(/does not know: 002-b/);
        await expect(migrate(readsOnly, { namespace: other, migrations: [first, second, { id: '003-c', sql: 'SELECT 1' }] })).rejects.toThrow(/on an up-to-date namespace/);
      });

      it('keeps namespaces apart', async () => {
        await migrate(store, { namespace: ns, migrations: [first] });
        const { rows } = await store.query(`SELECT count(*) AS n FROM ${ns}.things`);
        expect(rows[0]).toEqual({ n: 0 });
      });

      it('rolls back a failing migration and does not record it', async () => {
        const bad = `${ns}_bad`;
        const broken = { id: '002-broken', sql: 'CREATE TABLE half (id int); SELECT no_such_function();' };
        await expect(migrate(store, { namespace: bad, migrations: [first, broken] })).rejects.toThrow();
        expect(await appliedIds(store, bad)).toEqual(['001-a']);
        const { rows } = await store.query(`SELECT to_regclass($1) AS t`, [`${bad}.half`]);
        expect(rows[0]).toEqual({ t: null });
      });

      it('refuses unknown recorded ids, bad namespaces and unordered lists', async () => {
        await expect(migrate(store, { namespace: other, migrations: [first] })).rejects.toThrow(/does not know: 002-b/);
        await expect(migrate(store, { namespace: 'Bad-Name', migrations: [] })).rejects.toThrow(/invalid namespace/);
        await expect(migrate(store, { namespace: other, migrations: [second, first] })).rejects.toThrow(/ascending/);
      });

      it('drops a namespace with its records', async () => {
        await dropNamespace(store, other);
        expect(await appliedIds(store, other)).toEqual([]);
      });
    });
  });
}
