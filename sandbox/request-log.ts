import type { Sql } from '../engine/store/index.js';
import { table } from './objects/index.js';

export interface RequestLogRow {
  id: number;
  at: Date;
  method: string;
  path: string;
  query: string;
  status: number;
  durationMs: number;
  errorCode: string | null;
}

export interface RequestLogFilter {
  method?: string;
  /** Exact path, or a pattern (`/^\/v1\/data\/objects\/Company/`). */
  path?: string | RegExp;
  status?: number;
  since?: Date;
}

/** Reads the durable request log, oldest first; what tests use to prove what never happened. */
export async function readRequestLog(sql: Sql, filter: RequestLogFilter = {}): Promise<RequestLogRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.method) where.push(`method = $${params.push(filter.method.toUpperCase())}`);
  if (typeof filter.path === 'string') where.push(`path = $${params.push(filter.path)}`);
  if (filter.status !== undefined) where.push(`status = $${params.push(filter.status)}`);
  if (filter.since) where.push(`at >= $${params.push(filter.since)}`);
  const { rows } = await sql.query<RequestLogRow>(
    `SELECT id, at, method, path, query, status, duration_ms AS "durationMs", error_code AS "errorCode"
     FROM ${table('request_log')} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`,
    params,
  );
  const pattern = filter.path instanceof RegExp ? filter.path : undefined;
  return pattern ? rows.filter((row) => pattern.test(row.path)) : rows;
}
