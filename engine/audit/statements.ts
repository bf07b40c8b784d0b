import type { Sql } from '../store/index.js';
import type { GroupWriter } from './group-commit.js';

/** A record as it is opened: `pending` before a write goes upstream, or `refused` for good. */
export interface OpenRow {
  requestId: string;
  subject: string | null;
  clientId: string | null;
  service: string;
  tool: string;
  argsDigest: string;
  outcome: 'pending' | 'refused';
  reason: string | null;
}

/** The outcome of a pending record, once the call is over. */
export interface CloseRow {
  id: number;
  outcome: 'succeeded' | 'failed';
  reason: string | null;
  upstreamStatus: number | null;
  upstreamRequests: number;
}

const OPEN_ONE = `INSERT INTO audit.events (request_id, subject, client_id, service, tool, args_digest, outcome, reason)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`;

// One row per array position, inserted in that order (ORDER BY n), so the ids drawn from the
// sequence ascend in the order of the items: the ids are matched to the items by sorting them,
// which holds whatever order RETURNING gives and whatever other sessions insert meanwhile.
const OPEN_MANY = `INSERT INTO audit.events (request_id, subject, client_id, service, tool, args_digest, outcome, reason)
SELECT request_id, subject, client_id, service, tool, args_digest, outcome, reason
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
  WITH ORDINALITY AS r(request_id, subject, client_id, service, tool, args_digest, outcome, reason, n)
ORDER BY n
RETURNING id`;

const CLOSE_ONE = `UPDATE audit.events SET outcome = $2, reason = $3, upstream_status = $4, upstream_requests = $5, finished_at = now()
WHERE id = $1`;

// `e.id = ANY($1)` lets the planner reach the rows by the primary key: joined on the unnest alone,
// it plans for 100 rows and scans the whole table (on PGlite with ~10,000 rows, a two-call batch's
// open and close took 3.7 ms of CPU instead of 0.4 ms).
const CLOSE_MANY = `UPDATE audit.events e
SET outcome = r.outcome, reason = r.reason, upstream_status = r.upstream_status, upstream_requests = r.upstream_requests, finished_at = now()
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::int[]) AS r(id, outcome, reason, upstream_status, upstream_requests)
WHERE e.id = r.id AND e.id = ANY($1::bigint[])`;

export function openWriter(sql: Sql): GroupWriter<OpenRow, number> {
  return {
    async one(row) {
      const { rows } = await sql.query<{ id: number }>(OPEN_ONE, openValues(row));
      return rows[0]!.id;
    },
    async many(batch) {
      const columns = batch.map(openValues);
      const { rows } = await sql.query<{ id: number }>(OPEN_MANY, columns[0]!.map((_, c) => columns.map((values) => values[c])));
      if (rows.length !== batch.length) throw new Error(`audit: ${batch.length} records opened, ${rows.length} ids returned`);
      return rows.map((r) => r.id).sort((a, b) => a - b);
    },
  };
}

export function closeWriter(sql: Sql): GroupWriter<CloseRow, void> {
  return {
    async one(row) {
      await sql.query(CLOSE_ONE, closeValues(row));
    },
    async many(batch) {
      const columns = batch.map(closeValues);
      await sql.query(CLOSE_MANY, columns[0]!.map((_, c) => columns.map((values) => values[c])));
      return batch.map(() => undefined);
    },
  };
}

function openValues(row: OpenRow): unknown[] {
  return [row.requestId, row.subject, row.clientId, row.service, row.tool, row.argsDigest, row.outcome, row.reason];
}

function closeValues(row: CloseRow): unknown[] {
  return [row.id, row.outcome, row.reason, row.upstreamStatus, row.upstreamRequests];
}
