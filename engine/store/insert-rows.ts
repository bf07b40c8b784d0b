import type { Sql } from './types.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;
/** PostgreSQL's wire protocol allows 65,535 parameters per statement; stay well below it. */
const MAX_PARAMS = 30_000;

/**
 * Inserts many rows with few round trips: multi-row `INSERT … VALUES ($1,$2),($3,$4)…` statements,
 * chunked under the parameter limit. Values stay parameters; only the (checked) table and column
 * names are part of the SQL text. Returns the number of rows inserted.
 */
export async function insertRows(
  sql: Sql,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<number> {
  for (const name of [table, ...columns]) {
    if (!IDENTIFIER.test(name)) throw new Error(`insertRows: invalid identifier ${JSON.stringify(name)}`);
  }
  if (columns.length === 0) throw new Error('insertRows: no columns');
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  let inserted = 0;
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      if (row.length !== columns.length) {
        throw new Error(`insertRows: ${table} row has ${row.length} values for ${columns.length} columns`);
      }
      const placeholders = row.map((value) => `$${params.push(value)}`);
      return `(${placeholders.join(',')})`;
    });
    const text = `INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')}`;
    const result = await sql.query(text, params);
    inserted += result.affectedRows;
  }
  return inserted;
}
