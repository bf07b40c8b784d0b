import type { Sql } from './types.js';

export interface Migration {
  /** Sortable and stable forever, e.g. `001-core`; recorded in `<namespace>.schema_migrations`. */
  id: string;
  /** Plain SQL. Runs with `search_path` set to the namespace, so names need no schema prefix. */
  sql: string;
}

export interface MigrationSet {
  /** The component's own PostgreSQL schema (`sandbox`, `gateway`…), so components never collide. */
  namespace: string;
  migrations: readonly Migration[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Applies the migrations of one component that are not yet recorded, in order, each in its own
 * transaction together with its record. A transaction-scoped advisory lock per namespace makes
 * concurrent starters (several replicas) apply each migration exactly once.
 * Returns the ids applied by this call.
 */
export async function migrate(sql: Sql, set: MigrationSet): Promise<string[]> {
  const { namespace, migrations } = checkSet(set);
  const known = new Set(migrations.map((m) => m.id));
  // Every start after the first finds them all applied: two reads, with no transaction and no
  // lock (a recorded migration is never taken back, so nothing can be missing by the time they return).
  const recordedBefore = await appliedIds(sql, namespace);
  refuseUnknown(namespace, known, recordedBefore);
  if (recordedBefore.length === known.size) return [];
  await sql.transaction(async (tx) => {
    await lockNamespace(tx, namespace);
    await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${namespace};
      CREATE TABLE IF NOT EXISTS ${namespace}.schema_migrations (
        id text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      );`);
  });
  refuseUnknown(namespace, known, await appliedIds(sql, namespace));
  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = await sql.transaction(async (tx) => {
      await lockNamespace(tx, namespace);
      const done = await tx.query(`SELECT 1 FROM ${namespace}.schema_migrations WHERE id = $1`, [migration.id]);
      if (done.rows.length > 0) return false;
      await tx.exec(`SET LOCAL search_path TO ${namespace}, public`);
      await tx.exec(migration.sql);
      await tx.query(`INSERT INTO ${namespace}.schema_migrations (id) VALUES ($1)`, [migration.id]);
      return true;
    });
    if (ran) applied.push(migration.id);
  }
  return applied;
}

function refuseUnknown(namespace: string, known: ReadonlySet<string>, recorded: readonly string[]): void {
  const unknown = recorded.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new Error(`${namespace}: the database has migrations this build does not know: ${unknown.join(', ')}`);
  }
}

/** Ids recorded as applied, in order; empty when the namespace does not exist yet. */
export async function appliedIds(sql: Sql, namespace: string): Promise<string[]> {
  const exists = await sql.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [
    `${namespace}.schema_migrations`,
  ]);
  if (!exists.rows[0]?.t) return [];
  const result = await sql.query<{ id: string }>(`SELECT id FROM ${namespace}.schema_migrations ORDER BY id`);
  return result.rows.map((row) => row.id);
}

/** Drops a component's schema with everything in it, migration records included (`--reset`). */
export async function dropNamespace(sql: Sql, namespace: string): Promise<void> {
  if (!IDENTIFIER.test(namespace)) throw new Error(`invalid namespace ${JSON.stringify(namespace)}`);
  await sql.transaction(async (tx) => {
    await lockNamespace(tx, namespace);
    await tx.exec(`DROP SCHEMA IF EXISTS ${namespace} CASCADE`);
  });
}

async function lockNamespace(tx: Sql, namespace: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`toolgate.migrate.${namespace}`]);
}

function checkSet(set: MigrationSet): MigrationSet {
  // The namespace is spliced into DDL (identifiers cannot be parameters), so it must be a plain name.
  if (!IDENTIFIER.test(set.namespace)) throw new Error(`invalid namespace ${JSON.stringify(set.namespace)}`);
  const ids = set.migrations.map((m) => m.id);
  for (let i = 1; i < ids.length; i += 1) {
    if ((ids[i - 1] ?? '') >= (ids[i] ?? '')) {
      throw new Error(`${set.namespace}: migration ids must be unique and ascending (${ids[i - 1]} before ${ids[i]})`);
    }
  }
  return set;
}
