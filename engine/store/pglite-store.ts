import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import v8 from 'node:v8';
import { PGlite, type PGliteOptions, type Transaction } from '@electric-sql/pglite';
import { connectionSql, type Connection } from './connection-sql.js';
import { PreparedQueries } from './pglite-prepared.js';
import { createPgliteFromTemplate, defaultTemplateCacheDir } from './pglite-template.js';
import { typeParsers } from './type-parsers.js';
import type { OpenStoreOptions, Store } from './types.js';

export const MEMORY = 'memory://';

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

/**
 * V8 runs PGlite's WebAssembly as Liftoff code, then recompiles each function that gets hot with
 * TurboFan on background threads, and what those compilations malloc stays in the threads' arenas
 * for the life of the process: opening a data directory costs about 180 MB of RSS with tier-up
 * and 130 MB without, and 530 ms of CPU instead of 300 (Node 20, /proc/self/smaps: the arenas
 * hold 67 MB against 4). A Liftoff-only PGlite runs its statements more slowly (an audit
 * open/close pair 10–20 % more CPU, bench/pglite-query.ts; a whole write call 3–7 %, bench --ab);
 * the gateway's store does little work per call, so `toolgate serve` and the admin commands take
 * the memory (engine/auth/gateway-store.ts).
 * V8 reads the flag whenever a function gets hot, not when a module is compiled, so it holds
 * for all WebAssembly in the process (the in-process sandbox, undici's HTTP parser);
 * TOOLGATE_WASM_TIER_UP=1 leaves V8's default. Returns whether the flag was set.
 */
export function runWasmWithoutTierUp(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.TOOLGATE_WASM_TIER_UP === '1') return false;
  for (const flag of NO_WASM_TIER_UP_FLAGS) v8.setFlagsFromString(flag);
  return true;
}

/**
 * `--liftoff-only` and what it implies. V8 applies a flag's implications only when it starts
 * (flag-definitions.h: DEFINE_NEG_IMPLICATION(liftoff_only, wasm_tier_up) and
 * (liftoff_only, wasm_dynamic_tiering)), and set later the flag alone stopped tier-up on Node 20
 * but not on Node 24, whose V8 asks the implied flags: PGlite opened at 220-265 MB of RSS there
 * instead of 120-130. test/auth/gateway-store.test.ts runs a hot WebAssembly function under these
 * flags on the Node that runs the tests and requires it to stay Liftoff code.
 */
export const NO_WASM_TIER_UP_FLAGS = ['--liftoff-only', '--no-wasm-tier-up', '--no-wasm-dynamic-tiering'] as const;

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
