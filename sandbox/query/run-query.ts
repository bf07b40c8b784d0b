import type { Sql } from '../../engine/store/index.js';
import { formatRow, type DateStyle } from './format.js';
import { buildQuery, selectedValues, type QuerySpec } from './to-sql.js';

export interface QueryResult {
  records: Record<string, unknown>[];
  /** Set when the spec asked for it. */
  totalCount?: number;
}

export async function runQuery(sql: Sql, spec: QuerySpec, style: DateStyle): Promise<QueryResult> {
  const built = buildQuery(spec);
  const { rows } = await sql.query<Record<string, unknown>>(built.text, built.params);
  const records = rows.map((row) => formatRow(selectedValues(row, built.columns.length), built.columns, style));
  if (!spec.withTotal) return { records };
  let totalCount = Number(rows[0]?.total_count ?? 0);
  if (rows.length === 0 && spec.offset > 0) {
    // Past the last page the window count is unavailable; count the matches on their own.
    const all = buildQuery({ ...spec, limit: 1, offset: 0 });
    const first = await sql.query<Record<string, unknown>>(all.text, all.params);
    totalCount = Number(first.rows[0]?.total_count ?? 0);
  }
  return { records, totalCount };
}
