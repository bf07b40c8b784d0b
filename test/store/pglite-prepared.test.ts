import { setTimeout as sleep } from 'node:timers/promises';
import { messages, type PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../engine/store/index.js';
import { PreparedQueries } from '../../engine/store/pglite-prepared.js';
import { createDatabase } from '../../engine/store/pglite-store.js';

// The PGlite store's query sends a statement prepared once, in one exchange per call
// (engine/store/pglite-prepared.ts). What callers see must stay what PGlite's own query() gives:
// the same rows and values, the same errors, the same locking, the same notifications.

const TYPES_TABLE = `CREATE TABLE kinds (id int PRIMARY KEY, t text, i int, b bigint, f boolean, at timestamptz, doc jsonb, tags text[], day date)`;

describe('the same answers as PGlite query()', () => {
  let db: PGlite;
  let prepared: PreparedQueries;

  beforeAll(async () => {
    db = await createDatabase({});
    prepared = new PreparedQueries(db);
    await db.exec(`${TYPES_TABLE}; CREATE TABLE uniq (k text PRIMARY KEY)`);
  });
  afterAll(() => db?.close());

  const at = new Date('2024-02-29T12:34:56.789Z');
  // Each row twice: once through PGlite's query(), once prepared; ids keep them apart.
  it.each<[string, number, string, unknown[]]>([
    ['every column kind, typed by the table', 1, `INSERT INTO kinds VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`, ['x', 7, 9_007_199_254_740_991, true, at, { a: [1, null, 'z'] }, ['p', 'q,r'], '2024-02-29']],
    ['nulls and undefined', 3, `INSERT INTO kinds VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`, [null, undefined, null, null, null, null, null, null]],
    ['a JSON string and a bigint', 5, `INSERT INTO kinds (id, doc, b, f, at) VALUES ($1, $2, $3, $4, $5) RETURNING doc, b, f, at`, ['"just a string"', 12n, 'yes', at.getTime()]],
  ])('%s', async (_case, id, text, rest) => {
    const own = await db.query(text, [id, ...rest]);
    const ours = await prepared.query(text, [id + 1, ...rest]);
    const strip = (rows: unknown[]) => rows.map((r) => ({ ...(r as object), id: undefined }));
    expect(strip(ours.rows)).toEqual(strip(own.rows));
    expect(ours.affectedRows).toBe(own.affectedRows);
  });

  it('reads every column kind back with the store’s types', async () => {
    await prepared.query(`INSERT INTO kinds VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [100, 'text', 42, 5_000_000_000, false, at, { n: 1 }, ['a'], '2024-01-02']);
    const text = `SELECT t, i, b, f, at, doc, tags, day, NULL::text AS nothing, count(*) OVER () AS n FROM kinds WHERE id = $1`;
    const { rows, affectedRows } = await prepared.query(text, [100]);
    expect(rows).toEqual([{ t: 'text', i: 42, b: 5_000_000_000, f: false, at, doc: { n: 1 }, tags: ['a'], day: '2024-01-02', nothing: null, n: 1 }]);
    expect(affectedRows).toBe(0);
    expect((await db.query(text, [100])).rows).toEqual(rows);
  });

  it('counts affected rows as PGlite does', async () => {
    for (const text of [`UPDATE kinds SET t = $1 WHERE id >= 100`, `DELETE FROM kinds WHERE t = $1 AND id < 0`, `SELECT id FROM kinds WHERE t = $1`]) {
      const [own, ours] = [await db.query(text, ['upd']), await prepared.query(text, ['upd'])];
      expect([ours.rows, ours.affectedRows]).toEqual([own.rows, own.affectedRows ?? 0]);
    }
  });

  it.each<[string, string, unknown[], string]>([
    ['a unique violation', `INSERT INTO uniq VALUES ($1)`, ['dup'], '23505'],
    ['a syntax error', `SELEC $1`, [1], '42601'],
    ['an unknown table', `SELECT * FROM no_such_table WHERE k = $1`, ['x'], '42P01'],
    ['a bad value', `SELECT $1::int AS n`, ['not a number'], '22P02'],
    ['a failure while running', `SELECT 1 / $1 AS n`, [0], '22012'],
  ])('rejects %s with the same DatabaseError and stays usable', async (_case, text, params, code) => {
    if (code === '23505') await db.query(text, params).catch(() => undefined);
    const own = await db.query(text, params).then(() => undefined, (e: unknown) => e);
    const ours = await prepared.query(text, params).then(() => undefined, (e: unknown) => e);
    expect(ours).toBeInstanceOf(messages.DatabaseError);
    expect(ours).toBeInstanceOf(own!.constructor);
    const fields = (e: unknown) => {
      const { severity, code, message, detail, constraint, table, schema, position, routine, query, params } = e as Record<string, unknown>;
      return { severity, code, message, detail, constraint, table, schema, position, routine, query, params };
    };
    expect(fields(ours)).toEqual(fields(own));
    expect((ours as messages.DatabaseError).code).toBe(code);
    // The next statement, new or prepared before, runs as usual.
    expect((await prepared.query(`SELECT $1::text AS ok`, ['yes'])).rows).toEqual([{ ok: 'yes' }]);
    expect((await prepared.query(`SELECT count(*) AS n FROM uniq WHERE k = $1`, ['dup'])).rows).toEqual([{ n: 1 }]);
    expect(db.isInTransaction()).toBe(false);
  });

  it.each<[string, string]>([
    ['a syntax error', `CREATE TABLE ok_one (v int); SELEC 1`],
    ['a failure in the second statement', `INSERT INTO uniq VALUES ('exec-a'); INSERT INTO uniq VALUES ('exec-a')`],
  ])('rejects exec with %s as PGlite does, and rolls the whole text back', async (_case, text) => {
    const own = await db.exec(text).then(() => undefined, (e: unknown) => e);
    const ours = await prepared.exec(text).then(() => undefined, (e: unknown) => e);
    const fields = (e: unknown) => {
      const { code, message, position, query, params } = e as Record<string, unknown>;
      return { code, message, position, query, params };
    };
    expect(ours).toBeInstanceOf(messages.DatabaseError);
    expect(fields(ours)).toEqual(fields(own));
    expect((await prepared.query(`SELECT count(*) AS n FROM uniq WHERE k = $1`, ['exec-a'])).rows).toEqual([{ n: 0 }]);
    expect(db.isInTransaction()).toBe(false);
  });

  it('rejects a value its serializer refuses, as PGlite does, and stays usable', async () => {
    const text = `SELECT $1::boolean AS flag`;
    await expect(db.query(text, [2])).rejects.toThrow('Invalid input for boolean type');
    await expect(prepared.query(text, [2])).rejects.toThrow('Invalid input for boolean type');
    expect((await prepared.query(text, [true])).rows).toEqual([{ flag: true }]);
  });
});

describe('the PGlite store', () => {
  let store: Store;

  beforeAll(async () => {
    store = await openStore();
    await store.exec(`${TYPES_TABLE}; CREATE TABLE log (n int PRIMARY KEY, source text)`);
  });
  afterAll(() => store?.close());

  it('keeps a transaction’s statements apart from queries sent meanwhile', async () => {
    const inside = store.transaction(async (tx) => {
      await tx.query(`INSERT INTO log VALUES ($1, $2)`, [0, 'tx']);
      await sleep(30);
      // Had a concurrent insert slipped into this transaction, it would be counted here.
      const { rows } = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM log`);
      await tx.query(`INSERT INTO log VALUES ($1, $2)`, [1, 'tx']);
      return rows[0]!.n;
    });
    await sleep(5);
    const order: string[] = [];
    const outside = Array.from({ length: 40 }, async (_, i) => {
      await store.query(`INSERT INTO log VALUES ($1, $2)`, [100 + i, 'outside']);
      const { rows } = await store.query<{ source: string }>(`SELECT source FROM log WHERE n = $1`, [100 + i]);
      order.push(rows[0]!.source);
    });
    const reads = Array.from({ length: 40 }, (_, i) => store.query<{ v: number }>(`SELECT $1::int * 2 AS v`, [i]));
    expect(await inside).toBe(1);
    await Promise.all(outside);
    expect((await Promise.all(reads)).map((r) => r.rows[0]!.v)).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
    expect(order).toEqual(Array(40).fill('outside'));
    const { rows } = await store.query(`SELECT count(*) AS n FROM log`);
    expect(rows).toEqual([{ n: 42 }]);
  });

  it('runs parallel statements inside one transaction one at a time', async () => {
    const values = await store.transaction((tx) =>
      Promise.all(Array.from({ length: 30 }, (_, i) => tx.query<{ n: number }>(`INSERT INTO log VALUES ($1, 'par') RETURNING n`, [200 + i]))),
    );
    expect(values.map((r) => r.rows[0]!.n)).toEqual(Array.from({ length: 30 }, (_, i) => 200 + i));
  });

  it('rolls back a transaction whose statement failed, then carries on', async () => {
    const failed = store.transaction(async (tx) => {
      await tx.query(`INSERT INTO log VALUES ($1, 'rolled back')`, [300]);
      await tx.query(`INSERT INTO log VALUES ($1, 'duplicate')`, [300]);
    });
    await expect(failed).rejects.toMatchObject({ code: '23505' });
    // A statement after a failure inside the same transaction is refused, as PostgreSQL does.
    const aborted = store.transaction(async (tx) => {
      await tx.query(`SELECT 1 / $1 AS n`, [0]).catch(() => undefined);
      await tx.query(`SELECT $1::int AS n`, [1]);
    });
    await expect(aborted).rejects.toMatchObject({ code: '25P02' });
    expect((await store.query(`SELECT count(*) AS n FROM log WHERE n = $1`, [300])).rows).toEqual([{ n: 0 }]);
    expect((await store.query(`SELECT $1::int AS n`, [1])).rows).toEqual([{ n: 1 }]);
  });

  it('refuses a transaction handle used after its end, as PGlite does', async () => {
    let kept: Parameters<Parameters<Store['transaction']>[0]>[0] | undefined;
    await store.transaction(async (tx) => {
      kept = tx;
    });
    await expect(kept!.query(`SELECT $1::int AS n`, [1])).rejects.toThrow('Transaction is closed');
  });

  it('delivers a NOTIFY sent by a statement before that statement resolves', async () => {
    await store.exec(`CREATE TABLE watched (v int);
      CREATE FUNCTION announce() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('toolgate_test', 'changed'); RETURN NULL; END $$;
      CREATE TRIGGER watched_changed AFTER INSERT ON watched FOR EACH STATEMENT EXECUTE FUNCTION announce();`);
    let heard = 0;
    const stop = await store.subscribe!('toolgate_test', () => {
      heard += 1;
    });
    await store.query(`INSERT INTO watched VALUES ($1)`, [1]);
    expect(heard).toBe(1);
    await store.query(`INSERT INTO watched VALUES ($1)`, [2]);
    expect(heard).toBe(2);
    await store.transaction(async (tx) => {
      await tx.query(`INSERT INTO watched VALUES ($1)`, [3]);
      expect(heard).toBe(2); // only on commit
    });
    expect(heard).toBe(3);
    // One text, one implicit transaction: PostgreSQL folds its two identical notifications into one.
    await store.exec(`INSERT INTO watched VALUES (4); INSERT INTO watched VALUES (5)`);
    expect(heard).toBe(4);
    await stop();
    await store.query(`INSERT INTO watched VALUES ($1)`, [6]);
    expect(heard).toBe(4);
  });

  describe('after the schema changes under a prepared statement', () => {
    const select = `SELECT * FROM shape WHERE id = $1`;

    beforeAll(() => store.exec(`CREATE TABLE shape (id int); INSERT INTO shape VALUES (1)`));

    it('sees a column added by exec or by query', async () => {
      expect((await store.query(select, [1])).rows).toEqual([{ id: 1 }]);
      await store.exec(`ALTER TABLE shape ADD COLUMN a text DEFAULT 'a'`);
      expect((await store.query(select, [1])).rows).toEqual([{ id: 1, a: 'a' }]);
      await store.query(`ALTER TABLE shape ADD COLUMN b text DEFAULT 'b'`);
      expect((await store.query(select, [1])).rows).toEqual([{ id: 1, a: 'a', b: 'b' }]);
    });

    it('sees a function recreated with another result type', async () => {
      const call = `SELECT shape_fn($1) AS v`;
      await store.exec(`CREATE FUNCTION shape_fn(x int) RETURNS int LANGUAGE sql AS $$ SELECT x $$`);
      expect((await store.query(call, [1])).rows).toEqual([{ v: 1 }]);
      await store.transaction(async (tx) => {
        await tx.exec(`DROP FUNCTION shape_fn(int); CREATE FUNCTION shape_fn(x int) RETURNS text LANGUAGE sql AS $$ SELECT 'x' || x $$`);
        expect((await tx.query(call, [2])).rows).toEqual([{ v: 'x2' }]);
      });
      expect((await store.query(call, [3])).rows).toEqual([{ v: 'x3' }]);
    });

    it('forgets what it prepared inside a transaction that rolled its DDL back', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.exec(`ALTER TABLE shape ADD COLUMN gone int DEFAULT 0`);
          expect((await tx.query(select, [1])).rows).toEqual([{ id: 1, a: 'a', b: 'b', gone: 0 }]);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      const inTransaction = await store.transaction((tx) => tx.query(select, [1]));
      expect(inTransaction.rows).toEqual([{ id: 1, a: 'a', b: 'b' }]);
      await store.transaction(async (tx) => {
        await tx.transaction(async (inner) => {
          await inner.exec(`ALTER TABLE shape ADD COLUMN gone_too int DEFAULT 0`);
          await inner.query(select, [1]);
          throw new Error('roll back the savepoint');
        }).catch(() => undefined);
        expect((await tx.query(select, [1])).rows).toEqual([{ id: 1, a: 'a', b: 'b' }]);
      });
    });

    it('prepares afresh when a change it could not see altered the result', async () => {
      // DDL run by a function called in a SELECT: nothing in the statement's tag tells of it.
      await store.exec(`CREATE FUNCTION widen() RETURNS void LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE shape ADD COLUMN c text DEFAULT 'c'; END $$`);
      expect((await store.query(select, [1])).rows).toEqual([{ id: 1, a: 'a', b: 'b' }]);
      await store.query(`SELECT widen()`);
      expect((await store.query(select, [1])).rows).toEqual([{ id: 1, a: 'a', b: 'b', c: 'c' }]);
    });
  });

  it('keeps a bounded number of prepared statements', async () => {
    for (let i = 0; i < 260; i += 1) {
      expect((await store.query(`SELECT $1::int + ${i} AS n`, [1])).rows).toEqual([{ n: 1 + i }]);
    }
    const { rows } = await store.query<{ n: number }>(`SELECT count(*) AS n FROM pg_prepared_statements WHERE name LIKE $1`, ['toolgate_stmt_%']);
    expect(rows[0]!.n).toBeGreaterThan(100);
    expect(rows[0]!.n).toBeLessThanOrEqual(200);
  });
});
