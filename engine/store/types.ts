/**
 * The one storage interface of toolgate. Gateway state and the sandbox's data both go through it,
 * whether the database is embedded PGlite or a PostgreSQL server: one SQL dialect, one code path.
 */
export interface SqlResult<T> {
  rows: T[];
  /** Rows changed by INSERT/UPDATE/DELETE; 0 for SELECT. */
  affectedRows: number;
}

export interface Sql {
  /** One statement with `$1…$n` parameters. Values are never spliced into the text. */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<T>>;
  /** Several statements without parameters (migrations, DDL). */
  exec(text: string): Promise<void>;
  /**
   * Runs `fn` in a transaction: commit when it resolves, roll back when it throws. Nested calls use
   * savepoints. Inside `fn` use only `tx`: on PGlite the outer handle waits for the transaction.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

export type StoreKind = 'pglite' | 'postgres';

export interface Store extends Sql {
  readonly kind: StoreKind;
  close(): Promise<void>;
  /**
   * Calls `onNotify` for every NOTIFY on `channel`, and resolves to a function that stops it.
   * Present only where notifications are synchronous with the writes that send them: PGlite, one
   * process's own database, parses a committed NOTIFY in the same round trip as the COMMIT and
   * queues the listener before that statement's promise resolves, so no later read in this
   * process can miss it. A PostgreSQL server delivers them later, on another connection, so
   * PostgreSQL stores leave this out and their readers query instead.
   */
  subscribe?(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
}

export interface OpenStoreOptions {
  /** `postgres://…`: use a PostgreSQL server through node-postgres. Wins over `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; created when missing. Without it (or with `memory://`) PGlite runs in memory. */
  dataDir?: string | undefined;
  /** node-postgres pool size (default 10). */
  maxConnections?: number | undefined;
  /**
   * Where to cache a freshly initialised PGlite cluster so later in-memory opens skip initdb
   * (about 3 s → under 1 s). `false` turns it off. Default: the OS temp directory.
   */
  templateCache?: string | false | undefined;
  /** PostgreSQL settings for a PGlite database, after the store's own (`-c name=value` at start). */
  pgliteSettings?: Readonly<Record<string, string>> | undefined;
}
