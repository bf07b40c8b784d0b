/**
 * Group commit: rows that concurrent calls hand in during one turn of the event loop are written
 * by one statement, in one transaction, instead of one statement and one commit each. Every caller
 * still waits for its own row to be committed, so nothing is acknowledged before it is committed
 * (on the embedded PGlite, written to the kernel: it never fsyncs, see the README's Gateway state).
 *
 * A batch is written at the end of the turn in which its first row arrived (setImmediate, after
 * the poll phase has handled every request that was ready), so a lone call waits for nothing but
 * that. While a batch is being written, new rows gather for the next one, written as soon as the
 * first settles: with one statement in flight at a time, the busier the store, the larger the
 * batches. On PGlite one statement of 8 audit rows costs about a fifth as much per row as 8
 * single-row statements (bench/audit-batch.ts).
 *
 * A batch the database refuses (an SQLSTATE error: the statement changed nothing) is written again
 * row by row, so that one bad row fails only its own call. Any other failure (a lost connection,
 * where the statement may or may not have committed) fails the whole batch without a retry: a
 * row is never written twice.
 */
export interface GroupWriter<I, O> {
  /** One row; also used when a batch holds a single row. */
  one(item: I): Promise<O>;
  /** Several rows in one statement; the results in the order of the items. */
  many(items: readonly I[]): Promise<O[]>;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/** Rows per statement at most: bounds the statement's parameters and the time one batch holds the store. */
export const MAX_BATCH = 128;

export class GroupCommit<I, O> {
  private queue: Waiting<I, O>[] = [];
  private writing = false;
  private scheduled = false;

  constructor(private readonly writer: GroupWriter<I, O>) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.writing || this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.drain();
      });
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) await this.write(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Waiting<I, O>[]): Promise<void> {
    if (batch.length === 1) return settle(batch[0]!, () => this.writer.one(batch[0]!.item));
    let results: O[];
    try {
      results = await this.writer.many(batch.map((w) => w.item));
    } catch (error) {
      if (!isStatementError(error)) {
        for (const w of batch) w.reject(error);
        return;
      }
      for (const w of batch) await settle(w, () => this.writer.one(w.item));
      return;
    }
    batch.forEach((w, i) => w.resolve(results[i]!));
  }
}

async function settle<I, O>(waiting: Waiting<I, O>, write: () => Promise<O>): Promise<void> {
  try {
    waiting.resolve(await write());
  } catch (error) {
    waiting.reject(error);
  }
}

/**
 * PostgreSQL reported an error for the statement (PGlite's and node-postgres's DatabaseError carry
 * its five-character SQLSTATE in `code`): the statement was rolled back and changed nothing. Node's
 * own errors use codes like ECONNRESET, which never match.
 */
function isStatementError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}
