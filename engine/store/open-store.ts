import type { OpenStoreOptions, Store } from './types.js';

/**
 * PostgreSQL when a database URL is given, embedded PGlite otherwise (on disk with `dataDir`,
 * in memory without). Both speak the same SQL, so callers never branch on the kind.
 *
 * Each driver is loaded when chosen: PGlite's modules are a good part of what `toolgate serve`
 * loads, and until they are needed the thread is free to start the manifest check's worker.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  if (options.databaseUrl) return (await import('./postgres-store.js')).openPostgresStore(options.databaseUrl, options);
  return (await import('./pglite-store.js')).openPgliteStore(options);
}
