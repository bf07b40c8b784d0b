import type { Pool, PoolClient } from 'pg';
import { requireCommonJs } from '../require-commonjs.js';
import { connectionSql, type Connection } from './connection-sql.js';
import { typeParsers } from './type-parsers.js';
import type { OpenStoreOptions, Store } from './types.js';

const pg = requireCommonJs('pg');

/** A PostgreSQL server through a node-postgres pool; how several gateway replicas share state. */
export async function openPostgresStore(
  databaseUrl: string,
  options: Pick<OpenStoreOptions, 'maxConnections'> = {},
): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    types: { getTypeParser },
  });
  // An idle client that loses its server emits 'error' on the pool; without a listener Node exits.
  pool.on('error', () => undefined);
  // Fail at open, not at the first request, when the server is unreachable or refuses us.
  await pool.query('SELECT 1');
  const conn = pgConnection(pool);
  return {
    kind: 'postgres',
    query: conn.query,
    exec: conn.exec,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(connectionSql(pgConnection(client)));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  const parser = typeParsers[oid];
  if (parser && format !== 'binary') return parser;
  return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}

function pgConnection(db: Pool | PoolClient): Connection {
  return {
    async query<T>(text: string, params: readonly unknown[] = []) {
      const result = await db.query(text, [...params]);
      const affectedRows = result.command === 'SELECT' ? 0 : (result.rowCount ?? 0);
      return { rows: result.rows as T[], affectedRows };
    },
    async exec(text: string) {
      await db.query(text);
    },
  };
}
