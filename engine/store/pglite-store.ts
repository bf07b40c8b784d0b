import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { PGlite, type PGliteOptions, type Transaction } from '@electric-sql/pglite';
import { connectionSql, type Connection } from './connection-sql.js';
import { MEMORY } from './memory.js';
import { PreparedQueries } from './pglite-prepared.js';
import { createPgliteFromTemplate, defaultTemplateCacheDir } from './pglite-template.js';
import { typeParsers } from './type-parsers.js';
import type { OpenStoreOptions, Store } from './types.js';

/** Embedded PostgreSQL (WASM): in memory, or in a data directory on disk. */
export async function openPgliteStore(options: OpenStoreOptions = {}): Promise<Store> {
  const db = await createDatabase(options);
  const prepared = new PreparedQueries(db);
  const conn = pgliteConnection(db, prepared);
  return {
    kind: 'pglite',
    query: conn.query,
    exec: conn.exec,
    // PGlite's own transaction() holds its mutex, so concurrent requests cannot slip statements
    // into ours the way they would with a bare BEGIN on a single shared connection.
    transaction: (fn) =>
      db.transaction(async (tx) => {
        try {
          return await fn(connectionSql(pgliteConnection(db, prepared, tx)));
        } finally {
          prepared.transactionEnding();
        }
      }),
    close: () => db.close(),
    async subscribe(channel, onNotify) {
      const stop = await db.listen(channel, () => onNotify());
      return () => stop();
    },
  };
}

/** The PGlite database a store runs on (exported for bench/pglite-query.ts, which compares query paths on it). */
export async function createDatabase(options: OpenStoreOptions): Promise<PGlite> {
  // PGlite's own spelling of "in memory" is accepted too.
  const dataDir = options.dataDir === MEMORY ? undefined : options.dataDir;
  const cacheDir = options.templateCache ?? defaultTemplateCacheDir();
  const settings = Object.entries(options.pgliteSettings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  const base: PGliteOptions = { parsers: typeParsers, startParams: [...START_PARAMS, ...settings] };
  if (dataDir && isInitialised(dataDir)) return PGlite.create({ ...base, dataDir });
  if (dataDir) await mkdir(dataDir, { recursive: true });
  return createPgliteFromTemplate({ ...base, dataDir }, cacheDir);
}

/**
 * PostgreSQL's default 128 MB of shared buffers is sized for a server; in PGlite they live in the
 * WASM heap, which never shrinks, and they cost each embedded database about 150 MB of resident
 * memory (`npm start` holds two: the gateway's and the sandbox's). Our databases hold megabytes:
 * 16 MB of buffers keeps them cached. Passed as a start parameter, next to PGlite's own defaults,
 * so postgresql.conf in a data directory is left as initdb wrote it.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

function isInitialised(dataDir: string): boolean {
  return existsSync(dataDir) && readdirSync(dataDir).length > 0;
}

/** The whole database, or (with `tx`) one transaction of it. */
function pgliteConnection(db: PGlite, prepared: PreparedQueries, tx?: Transaction): Connection {
  return {
    query: (text, params = []) => (tx ? prepared.queryIn(tx, text, params) : prepared.query(text, params)),
    exec: (text) => (tx ? prepared.execIn(tx, text) : prepared.exec(text)),
  };
}
