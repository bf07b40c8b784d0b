import type { Sql } from '../../engine/store/index.js';
import { formatRow, type DateStyle } from './format.js';
import type { PlanCache } from './plan-cache.js';
import { buildQuery, type QuerySpec } from './to-sql.js';

export interface QueryResult {
  records: Record<string, unknown>[];
  /** Set when the spec asked for it. */
  totalCount?: number;
}

/** Where a query runs: the connection (the store or a transaction) and the store's plan cache. */
export interface QueryDb {
  sql: Sql;
  plans: PlanCache;
}

export async function runQuery({ sql, plans }: QueryDb, spec: QuerySpec, style: DateStyle): Promise<QueryResult> {
  const built = buildQuery(spec);
  const { rows } = await plans.query<Record<string, unknown>>(sql, { text: built.text, columns: built.names }, built.params);
  const records = rows.map((row) => formatRow(row, built.columns, style));
  if (!spec.withTotal) return { records };
  let totalCount = Number(rows[0]?.total_count ?? 0);
  if (rows.length === 0 && spec.offset > 0) {
    // Past the last page the window count is unavailable; count the matches on their own.
    const all = buildQuery({ ...spec, limit: 1, offset: 0 });
    const first = await plans.query<Record<string, unknown>>(sql, { text: all.text, columns: all.names }, all.params);
    totalCount = Number(first.rows[0]?.total_count ?? 0);
  }
  return { records, totalCount };
}
