import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { openStore, type Store } from '../store/index.js';
import { runWasmWithoutTierUp } from '../store/pglite-store.js';

export const DEFAULT_GATEWAY_DATA_DIR = '.data/gateway';
export const MEMORY = 'memory://';

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
  if (!options.dataDir || options.dataDir === MEMORY) return openStore();
  const dir = resolve(options.dataDir);
  const release = lockDirectory(dir);
  try {
    const store = await openStore({ dataDir: dir });
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
