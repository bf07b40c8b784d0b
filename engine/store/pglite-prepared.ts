import { parse, protocol, type messages, type PGlite, type Transaction } from '@electric-sql/pglite';
import { StatementCache, type PreparedStatement } from './pglite-statements.js';
import type { SqlResult } from './types.js';

const { serialize } = protocol;

/**
 * Parameterised statements on PGlite, each in one protocol exchange with a statement prepared once.
 *
 * PGlite's query() (0.5.16, base.ts #runQuery) calls into its WASM engine six times per statement
 * (Parse, Describe statement, Bind, Describe portal, Execute, Sync), and parses, analyses and plans
 * the text every time (the unnamed statement). Here a text is prepared under a name the first time
 * (Parse + Describe + Sync), and every call is then one exchange: Bind + Execute + Sync. The audit
 * log's open/close pair, which every write call runs, went from ~450 to ~300 µs of CPU
 * (bench/pglite-query.ts; most of the saving is the parse and plan, the rest the five calls).
 *
 * Multi-statement exec() goes the same way (one exchange: Query + Sync), so that a schema change
 * and the forgetting of the statements it may invalidate happen under one hold of the lock.
 *
 * The rest is PGlite's own, used as its query() uses it: its two mutexes, its protocol parser
 * (which also hands NOTIFY to the listeners, pglite.ts #parse), its serializers and type parsers,
 * its result parser and its DatabaseError.
 */
export class PreparedQueries {
  private readonly statements = new StatementCache();

  constructor(private readonly db: PGlite) {}

  /** One statement, outside a transaction. */
  query<T>(text: string, params: readonly unknown[]): Promise<SqlResult<T>> {
    return this.exclusive(() => this.run<T>(text, params, true));
  }

  /** One statement, inside db.transaction(). */
  queryIn<T>(tx: Transaction, text: string, params: readonly unknown[]): Promise<SqlResult<T>> {
    return this.within(tx, () => this.run<T>(text, params, false));
  }

  /** Several statements without parameters (simple query protocol), outside a transaction. */
  exec(text: string): Promise<void> {
    return this.exclusive(() => this.runExec(text));
  }

  /** Several statements without parameters, inside db.transaction(). */
  execIn(tx: Transaction, text: string): Promise<void> {
    return this.within(tx, () => this.runExec(text));
  }

  /** Call last inside a db.transaction() callback, whether it resolves or throws. */
  transactionEnding(): void {
    this.statements.transactionEnding();
  }

  /**
   * Both of PGlite's mutexes, as db.query() and db.exec() take them (base.ts): the transaction
   * mutex keeps us out of a db.transaction() in progress, the query mutex out of any exchange.
   */
  private async exclusive<R>(work: () => Promise<R>): Promise<R> {
    const db = this.db;
    await db._checkReady();
    return db._runExclusiveTransaction(() =>
      db._runExclusiveQuery(async () => {
        const result = await work();
        // As #runQuery does outside db.transaction(): persist the file system's changes, if it keeps any.
        await db.syncToFs();
        if (this.statements.unsettled && !db.isInTransaction()) this.statements.settled();
        return result;
      }),
    );
  }

  /** db.transaction() holds the transaction mutex already: the query mutex only, as tx.query() takes it. */
  private async within<R>(tx: Transaction, work: () => Promise<R>): Promise<R> {
    if (tx.closed) throw new Error('Transaction is closed');
    return this.db._runExclusiveQuery(work);
  }

  private async run<T>(text: string, params: readonly unknown[], mayRetry: boolean): Promise<SqlResult<T>> {
    const statement = this.statements.get(text) ?? (await this.prepare(text, params));
    const values = params.map((value, i) => this.serialize(value, statement.paramTypes[i]));
    const replies = await this.exchange([serialize.bind({ statement: statement.name, values }), serialize.execute(), serialize.sync()]);
    const error = firstError(replies);
    if (error) {
      if (isStale(error, statement)) {
        this.statements.forget(text);
        // Outside a transaction block the failed statement changed nothing: prepare it afresh.
        if (mayRetry && !this.db.isInTransaction()) return this.run<T>(text, params, false);
      }
      throw withQuery(error, text, params);
    }
    const described = statement.rowDescription ? [statement.rowDescription, ...replies] : replies;
    const [result] = parse.parseResults(described, this.db.parsers);
    this.statements.ran(result?.command);
    return { rows: (result?.rows ?? []) as T[], affectedRows: result?.affectedRows ?? 0 };
  }

  private async prepare(text: string, params: readonly unknown[]): Promise<PreparedStatement> {
    const name = this.statements.nextName();
    const replies = await this.exchange([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]);
    const error = firstError(replies);
    if (error) {
      if (replies.some((m) => m.name === 'parseComplete')) this.statements.discard(name);
      throw withQuery(error, text, params);
    }
    const statement: PreparedStatement = {
      name,
      paramTypes: parse.parseDescribeStatementResults(replies),
      rowDescription: replies.find((m): m is messages.RowDescriptionMessage => m.name === 'rowDescription'),
    };
    this.statements.add(text, statement);
    return statement;
  }

  /**
   * As #runExec: the text in one Query message, then Sync. Run here rather than through db.exec()
   * so that its command tags reach the cache while the lock is still held: no statement prepared
   * before a schema change can be used after it.
   */
  private async runExec(text: string): Promise<void> {
    const replies = await this.exchange([serialize.query(text), serialize.sync()]);
    for (const reply of replies) {
      if (reply.name === 'commandComplete') this.statements.ran((reply as messages.CommandCompleteMessage).text.split(' ')[0]);
    }
    const error = firstError(replies);
    if (error) throw withQuery(error, text, undefined);
  }

  /** As #runQuery serializes: by the type PostgreSQL inferred, else the value's own text. */
  private serialize(value: unknown, type: number | undefined): string | null {
    if (value === null || value === undefined) return null;
    const serializer = type === undefined ? undefined : this.db.serializers[type];
    return serializer ? serializer(value) : String(value);
  }

  /**
   * One call into the engine. Its messages end with Sync, so whatever fails, PostgreSQL skips to
   * it, ends the implicit transaction (or leaves an explicit one aborted, as a failed tx.query
   * does) and is ready for the next exchange. Errors are read from the replies rather than thrown
   * by PGlite, so that a reply before the error (ParseComplete…) is not lost.
   */
  private exchange(parts: Uint8Array[]): Promise<messages.BackendMessage[]> {
    const closes = this.statements.takeClosing().map((name) => serialize.close({ type: 'S', name }));
    return this.db.execProtocolStream(concat([...closes, ...parts]), { syncToFs: false, throwOnError: false });
  }
}

function firstError(replies: readonly messages.BackendMessage[]): messages.DatabaseError | undefined {
  return replies.find((m): m is messages.DatabaseError => m.name === 'error');
}

/** The name is gone (DEALLOCATE ALL, DISCARD) or its result columns changed under it. */
function isStale(error: messages.DatabaseError, statement: PreparedStatement): boolean {
  if (error.code === '0A000') return error.routine === 'RevalidateCachedQuery';
  return error.code === '26000' && error.message.includes(`"${statement.name}"`);
}

/** What PGlite's makePGliteError (errors.ts) adds to the DatabaseError that query() throws. */
function withQuery(error: messages.DatabaseError, text: string, params: readonly unknown[] | undefined): Error {
  return Object.assign(error, { query: text, params: params && [...params], queryOptions: undefined });
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const message = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    message.set(part, offset);
    offset += part.length;
  }
  return message;
}
