import type { Principal } from '../policy/check.js';
import type { Sql } from '../store/index.js';
import { argumentsDigest } from './digest.js';

export interface AuditFacts {
  requestId: string;
  principal?: Principal;
  service: string;
  tool: string;
  args: unknown;
}

export interface AuditOutcome {
  outcome: 'succeeded' | 'failed';
  /** A stable code: the upstream failure kind, the refusing check, … */
  reason?: string;
  upstreamStatus?: number;
  upstreamRequests: number;
}

/** The record of one write call, opened before anything is sent upstream. */
export interface AuditEntry {
  readonly id: number;
  finish(outcome: AuditOutcome): Promise<void>;
}

/** Where write calls are recorded. A failing `begin` must stop the call: no write goes upstream unrecorded. */
export interface AuditSink {
  begin(facts: AuditFacts): Promise<AuditEntry>;
  refused(facts: AuditFacts & { reason: string }): Promise<void>;
}

export interface AuditRecord {
  id: number;
  at: Date;
  finishedAt: Date | null;
  requestId: string;
  subject: string | null;
  email: string | null;
  clientId: string | null;
  service: string;
  tool: string;
  argsDigest: string;
  outcome: 'pending' | 'refused' | 'succeeded' | 'failed';
  reason: string | null;
  upstreamStatus: number | null;
  upstreamRequests: number;
}

interface Row {
  id: number;
  at: Date;
  finished_at: Date | null;
  request_id: string;
  subject: string | null;
  email: string | null;
  client_id: string | null;
  service: string;
  tool: string;
  args_digest: string;
  outcome: AuditRecord['outcome'];
  reason: string | null;
  upstream_status: number | null;
  upstream_requests: number;
}

/**
 * The durable audit log of write tool calls (DESIGN.md §Policy 4), in the store: who (user and
 * client), which tool, a digest of the arguments, the upstream outcome, when, and the request id.
 * A call is recorded as `pending` before it goes upstream and completed after; refused calls are
 * recorded too.
 */
export class AuditLog implements AuditSink {
  constructor(private readonly sql: Sql) {}

  async begin(facts: AuditFacts): Promise<AuditEntry> {
    const id = await this.insert(facts, 'pending', null);
    const sql = this.sql;
    return {
      id,
      async finish(outcome) {
        await sql.query(`SELECT audit.close_event($1, $2, $3, $4, $5)`, [id, outcome.outcome, outcome.reason ?? null, outcome.upstreamStatus ?? null, outcome.upstreamRequests]);
      },
    };
  }

  async refused(facts: AuditFacts & { reason: string }): Promise<void> {
    await this.insert(facts, 'refused', facts.reason);
  }

  /** Newest first. `user` is a subject or, when the auth schema exists, an email. */
  async list(filter: { since?: Date; user?: string; limit?: number } = {}): Promise<AuditRecord[]> {
    const users = await this.sql.query<{ t: string | null }>(`SELECT to_regclass('auth.users') AS t`);
    const withUsers = Boolean(users.rows[0]?.t);
    const email = withUsers ? '(SELECT u.email FROM auth.users u WHERE u.id = e.subject)' : 'NULL';
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.since) where.push(`e.at >= $${params.push(filter.since)}`);
    if (filter.user) {
      const p = `$${params.push(filter.user)}`;
      where.push(withUsers ? `(e.subject = ${p} OR e.subject IN (SELECT id FROM auth.users WHERE lower(email) = lower(${p})))` : `e.subject = ${p}`);
    }
    const limit = `$${params.push(filter.limit ?? 1000)}`;
    const { rows } = await this.sql.query<Row>(
      `SELECT e.id, e.at, e.finished_at, e.request_id, e.subject, ${email} AS email, e.client_id, e.service, e.tool, e.args_digest,
              e.outcome, e.reason, e.upstream_status, e.upstream_requests
       FROM audit.events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.id DESC LIMIT ${limit}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      finishedAt: r.finished_at,
      requestId: r.request_id,
      subject: r.subject,
      email: r.email,
      clientId: r.client_id,
      service: r.service,
      tool: r.tool,
      argsDigest: r.args_digest,
      outcome: r.outcome,
      reason: r.reason,
      upstreamStatus: r.upstream_status,
      upstreamRequests: r.upstream_requests,
    }));
  }

  private async insert(facts: AuditFacts, outcome: 'pending' | 'refused', reason: string | null): Promise<number> {
    const { rows } = await this.sql.query<{ id: number }>(
      `SELECT audit.open_event($1, $2, $3, $4, $5, $6, $7, $8) AS id`,
      [facts.requestId, facts.principal?.subject ?? null, facts.principal?.clientId ?? null, facts.service, facts.tool, argumentsDigest(facts.args), outcome, reason],
    );
    return rows[0]!.id;
  }
}
