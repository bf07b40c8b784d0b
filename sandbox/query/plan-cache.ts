import type { Sql, SqlResult, Store } from '../../engine/store/index.js';

/** A statement the cache may plan once: its text (values only as `$n`) and its result column names, in order. */
export interface Statement {
  text: string;
  columns: readonly string[];
}

/** Beyond this many shapes, statements run as they are (a client sending ever new shapes gains nothing). */
const MAX_PLANS = 200;
/** Statements seen once and remembered, to plan only those that come again. */
const MAX_SEEN = 1000;
const BODY_TAG = '$toolgate_plan$';

type Entry = { state: 'pending'; ready: Promise<string | undefined> } | { state: 'ready'; call: string | undefined };

/**
 * PGlite plans every statement sent with parameters afresh (an unnamed statement: parse, plan,
 * run), and for the sandbox's small tables planning a join costs more than running it. PL/pgSQL
 * keeps the plans of the statements in a function body for the session, so a statement that comes
 * again is wrapped, once, in a session-local function (pg_temp) whose parameter and result types
 * are the ones PostgreSQL inferred for the statement itself (PREPARE, then pg_prepared_statements),
 * and is called with the same parameters. Same text, same values, same rows: only planned once.
 *
 * PGlite only: it has one session. Each connection of a PostgreSQL pool has its own pg_temp, so
 * there statements run as they are. A statement the cache cannot wrap also runs as it is, and
 * raises its own errors.
 */
export class PlanCache {
  private static readonly byStore = new WeakMap<Store, PlanCache>();
  /** Function names are per session, so one cache per store, however many apps share it. */
  static for(store: Store): PlanCache {
    let cache = PlanCache.byStore.get(store);
    if (!cache) PlanCache.byStore.set(store, (cache = new PlanCache(store)));
    return cache;
  }

  private readonly entries = new Map<string, Entry>();
  private readonly seen = new Set<string>();
  private created = 0;

  private constructor(private readonly store: Store) {}

  async query<T = Record<string, unknown>>(sql: Sql, statement: Statement, params: readonly unknown[] = []): Promise<SqlResult<T>> {
    const call = await this.callFor(sql, statement);
    return sql.query<T>(call ?? statement.text, params);
  }

  private async callFor(sql: Sql, statement: Statement): Promise<string | undefined> {
    if (this.store.kind !== 'pglite') return undefined;
    let entry = this.entries.get(statement.text);
    if (!entry) {
      // A one-off statement is cheaper run as it is than wrapped (four more statements).
      if (!this.seen.has(statement.text)) {
        if (this.seen.size >= MAX_SEEN) this.seen.clear();
        this.seen.add(statement.text);
        return undefined;
      }
      if (this.entries.size >= MAX_PLANS) return undefined;
      this.seen.delete(statement.text);
      const pending: Entry = { state: 'pending', ready: this.wrap(statement) };
      entry = pending;
      this.entries.set(statement.text, pending);
      void pending.ready.then((call) => this.entries.set(statement.text, { state: 'ready', call }));
    }
    if (entry.state === 'ready') return entry.call;
    // Inside a transaction the store waits for it to end (PGlite's mutex): run this one as it is,
    // the function is created once the transaction is over, outside it, so no rollback drops it.
    return sql === this.store ? entry.ready : undefined;
  }

  private async wrap({ text, columns }: Statement): Promise<string | undefined> {
    // PREPARE goes through exec (several statements allowed): one statement only, and the body's quote intact.
    if (text.includes(';') || text.includes(BODY_TAG)) return undefined;
    const id = ++this.created;
    try {
      const types = await this.inferTypes(text, id);
      if (!types || types.results.length !== columns.length || columns.length === 0) return undefined;
      const name = `pg_temp.toolgate_plan_${id}`;
      const out = columns.map((c, i) => `${quoteIdent(c)} ${types.results[i]}`).join(', ');
      // RETURN QUERY takes a SELECT; a write with RETURNING goes through a CTE.
      const body = /^\s*(SELECT|WITH)\b/i.test(text) ? text : `WITH w AS (${text}) SELECT * FROM w`;
      await this.store.exec(
        `CREATE FUNCTION ${name}(${types.params.join(', ')}) RETURNS TABLE (${out}) LANGUAGE plpgsql AS ${BODY_TAG}
         #variable_conflict use_column
         BEGIN RETURN QUERY ${body}; END ${BODY_TAG}`,
      );
      return `SELECT * FROM ${name}(${types.params.map((_, i) => `$${i + 1}`).join(', ')})`;
    } catch {
      return undefined;
    }
  }

  /** The types PostgreSQL infers for the statement's parameters and results, as it would for query(). */
  private async inferTypes(text: string, id: number): Promise<{ params: string[]; results: string[] } | undefined> {
    const probe = `toolgate_probe_${id}`;
    await this.store.exec(`PREPARE ${probe} AS ${text}`);
    try {
      const { rows } = await this.store.query<{ params: string[]; results: string[] | null }>(
        `SELECT parameter_types::text[] AS params, result_types::text[] AS results FROM pg_prepared_statements WHERE name = $1`,
        [probe],
      );
      const row = rows[0];
      return row?.results ? { params: row.params, results: row.results } : undefined;
    } finally {
      await this.store.exec(`DEALLOCATE ${probe}`);
    }
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
