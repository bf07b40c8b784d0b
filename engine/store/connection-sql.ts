import type { Sql, SqlResult } from './types.js';

/** What both drivers offer once a single connection is pinned (a PGlite tx, a pg PoolClient). */
export interface Connection {
  query<T>(text: string, params?: readonly unknown[]): Promise<SqlResult<T>>;
  exec(text: string): Promise<void>;
}

/**
 * The `Sql` handed to a transaction callback. A nested `transaction()` becomes a savepoint, so a
 * helper that opens its own transaction composes with a caller that already has one.
 */
export function connectionSql(conn: Connection, depth = 0): Sql {
  return {
    query: (text, params) => conn.query(text, params),
    exec: (text) => conn.exec(text),
    async transaction(fn) {
      const savepoint = `toolgate_sp_${depth + 1}`;
      await conn.exec(`SAVEPOINT ${savepoint}`);
      try {
        const result = await fn(connectionSql(conn, depth + 1));
        await conn.exec(`RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (error) {
        await conn.exec(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        throw error;
      }
    },
  };
}
