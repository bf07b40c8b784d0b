import type { Sql, Store } from '../../engine/store/index.js';
import { fail, SandboxError } from '../http/errors.js';
import { isObject, type Json } from '../query/parse-common.js';

export interface RecordError {
  index: number;
  referenceId: string | null;
  errorCode: string;
  errorDesc: string;
}

/** `{"requests": [{"record": {...}}]}` (Cockpit, success plans) → the records. */
export function requestRecords(body: unknown): unknown[] {
  const requests = isObject(body) ? body.requests : undefined;
  if (!Array.isArray(requests) || requests.length === 0) {
    throw fail.malformed('Body must be {"requests": [{"record": {...}}, ...]} with at least one request');
  }
  return requests.map((r, i) => {
    if (!isObject(r) || !isObject(r.record)) throw fail.malformed(`requests[${i}] must be {"record": {...}}`);
    return r.record;
  });
}

/** `{"records": [{...}]}` (timeline, data API) → the records. */
export function plainRecords(body: unknown, max = 500): Json[] {
  const records = isObject(body) ? body.records : undefined;
  if (!Array.isArray(records) || records.length === 0 || records.some((r) => !isObject(r))) {
    throw fail.malformed('Body must be {"records": [{...}, ...]} with at least one record');
  }
  if (records.length > max) throw fail.limitExceeded(`At most ${max} records per request`);
  return records as Json[];
}

function referenceOf(record: unknown): string | null {
  if (!isObject(record)) return null;
  const ref = record.referenceId ?? record.ReferenceId ?? record.ExternalId;
  return typeof ref === 'string' ? ref : null;
}

export interface BulkWriteOptions {
  /**
   * The work writes at most once, in one statement (it may read before and after): a lone record
   * then needs no transaction of its own, its statement is atomic by itself. Spares the BEGIN and
   * the COMMIT, two of a one-record create's three exchanges with the database.
   */
  oneStatement?: boolean;
}

/**
 * All or nothing: every record is written in one transaction (each in a savepoint). If any record
 * fails, everything rolls back and the answer lists every failing record (sandbox behaviour,
 * inferred: Gainsight documents per-record results but not their exact shape).
 */
export async function bulkWrite<T>(
  store: Store,
  records: readonly unknown[],
  work: (tx: Sql, record: unknown, index: number) => Promise<T>,
  { oneStatement = false }: BulkWriteOptions = {},
): Promise<T[]> {
  if (oneStatement && records.length === 1) return writeEach(store, records, work);
  return store.transaction((tx) => writeEach(tx, records, work));
}

async function writeEach<T>(sql: Sql, records: readonly unknown[], work: (tx: Sql, record: unknown, index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  const errors: RecordError[] = [];
  // A savepoint lets the other records go on after one fails; a lone record's failure rolls back
  // the whole transaction anyway, so it goes without (two statements fewer).
  const alone = records.length === 1;
  for (const [index, record] of records.entries()) {
    try {
      results.push(await (alone ? work(sql, record, index) : sql.transaction((inner) => work(inner, record, index))));
    } catch (error) {
      if (!(error instanceof SandboxError)) throw error;
      errors.push({ index, referenceId: referenceOf(record), errorCode: error.code, errorDesc: error.message });
    }
  }
  const [first] = errors;
  if (first) {
    const message = errors.length === 1 && records.length === 1 ? first.errorDesc
      : `${errors.length} of ${records.length} records failed; nothing was written. First: ${first.errorDesc}`;
    throw new SandboxError(first.errorCode, message, 400, { success: [], errors });
  }
  return results;
}
