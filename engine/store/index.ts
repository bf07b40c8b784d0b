export type { OpenStoreOptions, Sql, SqlResult, Store, StoreKind } from './types.js';
export { openStore } from './open-store.js';
export { MEMORY } from './memory.js';
export { migrate, appliedIds, dropNamespace, type Migration, type MigrationSet } from './migrate.js';
export { insertRows } from './insert-rows.js';
