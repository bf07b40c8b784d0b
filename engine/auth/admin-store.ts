import { auditMigrations } from '../audit/migrations.js';
import { migrate, type Store } from '../store/index.js';
import { describeStore, gatewayStoreOptions, openGatewayStore } from './gateway-store.js';
import { authMigrations } from './migrations.js';

/**
 * The store as the admin commands (`toolgate clients|users|audit`) open it: the same one
 * `toolgate serve` uses (DATABASE_URL, else the PGlite directory), migrated, closed after `run`.
 */
export async function withAdminStore<T>(dataDir: string | undefined, run: (store: Store, where: string) => Promise<T>): Promise<T> {
  const options = gatewayStoreOptions(dataDir);
  const store = await openGatewayStore(options);
  try {
    await migrate(store, authMigrations);
    await migrate(store, auditMigrations);
    return await run(store, describeStore(options));
  } finally {
    await store.close();
  }
}

/** Plain text columns for a terminal. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(headers), ...rows.map(line)].join('\n');
}
