import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dropNamespace, migrate, openStore, type Store } from '../engine/store/index.js';
import { createSandboxApp } from './app.js';
import type { RateLimitOptions } from './http/middleware.js';
import type { SandboxLogger } from './http/state.js';
import { sandboxMigrations } from './migrations/index.js';
import { readRequestLog, type RequestLogFilter, type RequestLogRow } from './request-log.js';
import { isSeeded, seedSandbox, type SeedReport } from './seed/index.js';

/** The documented development key; set SANDBOX_ACCESS_KEY (or `accessKey`) for anything shared. */
export const DEV_ACCESS_KEY = 'toolgate-sandbox-dev-key';
export const DEFAULT_DATA_DIR = '.data/sandbox';

export interface StartSandboxOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** PGlite data directory (default `.data/sandbox`, or SANDBOX_DATA_DIR); `memory://` keeps it in memory. */
  dataDir?: string;
  /** PostgreSQL instead of PGlite (default: SANDBOX_DATABASE_URL). */
  databaseUrl?: string;
  /** Drop the sandbox schema and seed again. */
  reset?: boolean;
  /** Default: SANDBOX_ACCESS_KEY, else DEV_ACCESS_KEY. */
  accessKey?: string;
  /** Fixed-window limit answering 429; off unless given. */
  rateLimit?: RateLimitOptions;
  /** Pins the sandbox's "now": seeded dates are relative to it and the clock starts from it. */
  now?: Date;
  /** Seed number for the PRNG (default DEFAULT_SEED). */
  seed?: number;
  logger?: SandboxLogger;
}

export interface SandboxHandle {
  url: string;
  accessKey: string;
  store: Store;
  /** Null when the database already held a seeded tenant. */
  seedReport: SeedReport | null;
  startupMs: number;
  requestLog(filter?: RequestLogFilter): Promise<RequestLogRow[]>;
  close(): Promise<void>;
}

export async function startSandbox(options: StartSandboxOptions = {}): Promise<SandboxHandle> {
  const started = performance.now();
  const databaseUrl = options.databaseUrl ?? process.env.SANDBOX_DATABASE_URL;
  const dataDir = databaseUrl ? undefined : options.dataDir ?? process.env.SANDBOX_DATA_DIR ?? DEFAULT_DATA_DIR;
  const accessKey = options.accessKey ?? process.env.SANDBOX_ACCESS_KEY ?? DEV_ACCESS_KEY;
  const now = options.now ?? new Date();
  // The clock starts at `now` and runs in real time, so a pinned test day stays the test's today.
  const offset = now.getTime() - Date.now();
  const clock = () => new Date(Date.now() + offset);

  const store = await openStore({ databaseUrl, dataDir });
  let seedReport: SeedReport | null = null;
  try {
    if (options.reset) await dropNamespace(store, sandboxMigrations.namespace);
    await migrate(store, sandboxMigrations);
    if (!(await isSeeded(store))) seedReport = await seedSandbox(store, { now, seed: options.seed });
  } catch (error) {
    await store.close();
    throw error;
  }

  const app = createSandboxApp({ store, accessKey, rateLimit: options.rateLimit, clock, logger: options.logger });
  const server = createServer(app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const startupMs = Math.round(performance.now() - started);
  options.logger?.info({ url, startupMs, seeded: seedReport?.counts ?? 'existing data', store: store.kind }, 'sandbox ready');

  let closing: Promise<void> | undefined;
  return {
    url,
    accessKey,
    store,
    seedReport,
    startupMs,
    requestLog: (filter) => readRequestLog(store, filter),
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await store.close();
      })();
      return closing;
    },
  };
}
