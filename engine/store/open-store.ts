import { openPgliteStore } from './pglite-store.js';
import { openPostgresStore } from './postgres-store.js';
import type { OpenStoreOptions, Store } from './types.js';

/**
 * PostgreSQL when a database URL is given, embedded PGlite otherwise (on disk with `dataDir`,
 * in memory without). Both speak the same SQL, so callers never branch on the kind.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  if (options.databaseUrl) return openPostgresStore(options.databaseUrl, options);
  return openPgliteStore(options);
}
