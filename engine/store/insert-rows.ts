import type { Sql } from './types.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;
const ROWS_PER_STATEMENT = 5_000;

/**
 * Inserts many rows with few round trips. Each chunk travels as ONE JSON parameter that
 * PostgreSQL expands with json_populate_recordset, typed by the table's own row type: measured on
 * PGlite about a third faster than multi-row VALUES with one parameter per value, it also never
 * meets the 65,535-parameter limit, and it is plain SQL that a PostgreSQL server runs the same way.
 * Only the named columns are written, so the others keep their defaults. Dates travel as ISO
 * strings, arrays as JSON arrays. Returns the number of rows inserted.
 */
export async function insertRows(
  sql: Sql,
  table: string,
  rows: readonly Record<string, unknown>[],
  columns: readonly string[] = Object.keys(rows[0] ?? {}),
): Promise<number> {
  if (rows.length === 0) return 0;
  for (const name of [table, ...columns]) {
    if (!IDENTIFIER.test(name)) throw new Error(`insertRows: invalid identifier ${JSON.stringify(name)}`);
  }
  if (columns.length === 0) throw new Error('insertRows: no columns');
  const list = columns.join(', ');
  const text = `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, $1::json)`;
  let inserted = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    const result = await sql.query(text, [JSON.stringify(chunk)]);
    inserted += result.affectedRows;
  }
  return inserted;
}
