import { insertRows, type Sql } from '../../engine/store/index.js';
import { table } from '../objects/index.js';
import { DEFAULT_SEED, generateSeed, type SeedOptions } from './generate.js';

export { generateSeed, DEFAULT_SEED, type SeedOptions } from './generate.js';

export interface SeedReport {
  counts: Record<string, number>;
  generateMs: number;
  insertMs: number;
}

/** Generates the demo tenant and writes it in one transaction with batched inserts. */
export async function seedSandbox(sql: Sql, options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const tables = generateSeed(options);
  const generated = performance.now();
  const counts: Record<string, number> = {};
  await sql.transaction(async (tx) => {
    for (const { table: name, rows } of tables) {
      await insertRows(tx, name, rows);
      counts[name.replace(/^.*\./, '')] = rows.length;
    }
    await tx.query(
      `INSERT INTO ${table('seed_info')} (id, seed, base_date, counts) VALUES (1, $1, $2, $3)`,
      [options.seed ?? DEFAULT_SEED, options.now.toISOString().slice(0, 10), JSON.stringify(counts)],
    );
  });
  return { counts, generateMs: generated - started, insertMs: performance.now() - generated };
}

export async function isSeeded(sql: Sql): Promise<boolean> {
  const { rows } = await sql.query(`SELECT 1 FROM ${table('seed_info')} WHERE id = 1`);
  return rows.length > 0;
}
