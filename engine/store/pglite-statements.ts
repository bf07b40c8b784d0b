import type { messages } from '@electric-sql/pglite';

/** A statement prepared on PGlite's one session, under a name of ours. */
export interface PreparedStatement {
  readonly name: string;
  /** What Describe reported for the parameters: they choose PGlite's serializer for each value. */
  readonly paramTypes: readonly number[];
  /**
   * The result's columns, or none (NoData). Kept for every execution: PostgreSQL refuses to run a
   * prepared statement whose result columns would change ("cached plan must not change result
   * type", plancache.c RevalidateCachedQuery), so this description holds for as long as the name.
   */
  readonly rowDescription: messages.RowDescriptionMessage | undefined;
}

/** Each costs PostgreSQL a parse tree and a plan; texts are written in code, a few dozen in all. */
const MAX_STATEMENTS = 200;
/** Names of our own, apart from any PREPARE written in SQL. */
const PREFIX = 'toolgate_stmt_';

/**
 * Command tags after which every prepared statement still means what it meant when it was
 * prepared. Any other statement (DDL, SET, DEALLOCATE…) may have changed the tables, types or
 * search_path a statement was analysed against: PostgreSQL would re-analyse it, but with its
 * parameter and result types fixed, which can fail where a fresh parse would not. So the cache is
 * emptied instead and every text is parsed afresh, as PGlite's own query() always does.
 */
const KEEPS_STATEMENTS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY', 'BEGIN', 'START', 'COMMIT', 'SAVEPOINT', 'RELEASE', 'LISTEN', 'UNLISTEN', 'NOTIFY', 'PREPARE', 'EXECUTE', 'SHOW', 'EXPLAIN', 'LOCK']);

/**
 * The prepared statements of one PGlite database, by text: bounded (least recently used goes),
 * and emptied whenever a statement may have changed what they were prepared against. Names that
 * are dropped are closed with the next exchange (closing a name that no longer exists is not an
 * error: protocol "Close").
 */
export class StatementCache {
  private readonly byText = new Map<string, PreparedStatement>();
  private closing: string[] = [];
  private created = 0;
  /**
   * Statements were forgotten since the session was last seen outside a transaction block: those
   * prepared since may describe tables that a ROLLBACK takes away again.
   */
  private forgotInTransaction = false;

  get(text: string): PreparedStatement | undefined {
    const statement = this.byText.get(text);
    if (statement) {
      this.byText.delete(text);
      this.byText.set(text, statement);
    }
    return statement;
  }

  nextName(): string {
    this.created += 1;
    return `${PREFIX}${this.created}`;
  }

  add(text: string, statement: PreparedStatement): void {
    this.byText.set(text, statement);
    if (this.byText.size <= MAX_STATEMENTS) return;
    const [oldest] = this.byText.keys();
    if (oldest !== undefined) this.forget(oldest);
  }

  forget(text: string): void {
    const statement = this.byText.get(text);
    if (!statement) return;
    this.byText.delete(text);
    this.closing.push(statement.name);
  }

  /** A name prepared but not kept (its Describe failed). */
  discard(name: string): void {
    this.closing.push(name);
  }

  forgetAll(): void {
    for (const statement of this.byText.values()) this.closing.push(statement.name);
    this.byText.clear();
    this.forgotInTransaction = true;
  }

  /** The names to close, handed out once. */
  takeClosing(): string[] {
    const names = this.closing;
    if (names.length > 0) this.closing = [];
    return names;
  }

  /** After a statement completed, still holding PGlite's lock, with its command tag's first word (`INSERT`, `CREATE`…). */
  ran(command: string | undefined): void {
    const changes = command === 'ROLLBACK' ? this.forgotInTransaction : !KEEPS_STATEMENTS.has(command ?? '');
    if (changes) this.forgetAll();
  }

  /** The last moment inside a transaction that will now commit or roll back. */
  transactionEnding(): void {
    if (this.forgotInTransaction) this.forgetAll();
  }

  /** The session is outside any transaction block: what it has prepared is all committed. */
  settled(): void {
    this.forgotInTransaction = false;
  }

  /** Whether `settled()` has anything to do (asking PGlite costs a call into WASM). */
  get unsettled(): boolean {
    return this.forgotInTransaction;
  }
}
