import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { MEMORY, openStore, type Store } from '../store/index.js';
import { runWasmWithoutTierUp } from '../store/wasm-tier-up.js';

export const DEFAULT_GATEWAY_DATA_DIR = '.data/gateway';

export interface GatewayStoreOptions {
  /** PostgreSQL (`postgres://…`); wins over dataDir. */
  databaseUrl?: string;
  /** PGlite data directory, or `memory://`. */
  dataDir?: string;
}

/** The CLI's choice: DATABASE_URL, else --data-dir, else TOOLGATE_DATA_DIR, else .data/gateway. */
export function gatewayStoreOptions(dataDir: string | undefined, env: NodeJS.ProcessEnv = process.env): GatewayStoreOptions {
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL };
  return { dataDir: dataDir ?? env.TOOLGATE_DATA_DIR ?? DEFAULT_GATEWAY_DATA_DIR };
}

export function describeStore(options: GatewayStoreOptions): string {
  if (options.databaseUrl) {
    const url = URL.parse(options.databaseUrl);
    return url ? `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}` : 'PostgreSQL';
  }
  return options.dataDir === MEMORY ? 'PGlite in memory' : `PGlite ${options.dataDir}`;
}

/**
 * The gateway's PGlite holds a few small tables (OAuth state) and appends to one (the audit log),
 * so its working set is small. PGlite zeroes its whole shared memory when it starts, so every
 * buffer is resident whether used or not (1 MB more of buffers, 1 MB more RSS). 4 MB of buffers
 * (512 pages) instead of the store's 16, and lock and process tables for 10 connections instead
 * of 100 (PGlite runs PostgreSQL single-user: one backend), take its WASM heap's resident size
 * from 29 to 13 MB (Node 20, pglite 0.5.16, /proc/self/smaps); audit pairs on a 90 MB gateway
 * database cost the same CPU. The sandbox, a bigger database, keeps the store's defaults.
 * PL/pgSQL (the bearer token's state, auth.token_state) is loaded when the database starts, as
 * PostgreSQL's shared_preload_libraries does for a server's backends, instead of by the first
 * tools/call after a start: PGlite loads it as a WebAssembly library, about 15 ms that came off
 * the first call (bench/, a CPU profile of the first call over 1,000 tools).
 */
export const GATEWAY_PGLITE_SETTINGS = { shared_buffers: '4MB', max_connections: '10', shared_preload_libraries: 'plpgsql' } as const;

/**
 * The gateway's store for `toolgate serve|clients|users|audit`. PGlite is one process's database:
 * a second process opening the same directory would corrupt it, so the directory is locked
 * (`<dir>.lock`, holding the owner's pid; a lock whose process is gone is taken over). Several
 * processes, or replicas, share state through PostgreSQL (DATABASE_URL).
 */
export async function openGatewayStore(options: GatewayStoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    try {
      return await openStore({ databaseUrl: options.databaseUrl });
    } catch (error) {
      throw new ConfigurationError(`Cannot open the gateway database (${describeStore(options)}): ${(error as Error).message}`, error);
    }
  }
  runWasmWithoutTierUp();
  if (!options.dataDir || options.dataDir === MEMORY) return openStore({ pgliteSettings: GATEWAY_PGLITE_SETTINGS });
  const dir = resolve(options.dataDir);
  const release = lockDirectory(dir);
  try {
    const store = await openStore({ dataDir: dir, pgliteSettings: GATEWAY_PGLITE_SETTINGS });
    return {
      ...store,
      async close() {
        try {
          await store.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

function lockDirectory(dir: string): () => void {
  const lock = `${dir}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lock, 'utf8').trim());
      if (owner && owner !== process.pid && alive(owner)) {
        throw new ConfigurationError(
          `The gateway data directory ${dir} is in use by process ${owner} (another toolgate command). Stop it first, or set DATABASE_URL so that several processes share a PostgreSQL database.`,
        );
      }
      rmSync(lock, { force: true }); // stale: its process is gone
    }
  }
  throw new ConfigurationError(`Cannot lock the gateway data directory ${dir}.`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
