import type { Principal } from '../policy/check.js';
import type { Sql } from '../store/index.js';
import { argumentsDigest } from './digest.js';
import { closeWriter, openWriter, type CloseRow, type OpenRow } from './statements.js';
import { GroupCommit } from './group-commit.js';

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
 * The audit log of write tool calls (DESIGN.md §Policy 4), in the store: who (user and
 * client), which tool, a digest of the arguments, the upstream outcome, when, and the request id.
 * A call is recorded as `pending` before it goes upstream and completed after; refused calls are
 * recorded too. Durable as the store is: PostgreSQL's commits outlive the machine, the embedded
 * PGlite's only the process (test/audit/process-crash.test.ts; PGlite never fsyncs).
 */
export class AuditLog implements AuditSink {
  // Concurrent write calls share statements and commits (group-commit.ts); each call still waits
  // for its own row.
  private readonly opens: GroupCommit<OpenRow, number>;
  private readonly closes: GroupCommit<CloseRow, void>;

  constructor(private readonly sql: Sql) {
    this.opens = new GroupCommit(openWriter(sql));
    this.closes = new GroupCommit(closeWriter(sql));
  }

  async begin(facts: AuditFacts): Promise<AuditEntry> {
    const id = await this.opens.add(openRow(facts, 'pending', null));
    const closes = this.closes;
    return {
      id,
      async finish(outcome) {
        await closes.add({ id, outcome: outcome.outcome, reason: outcome.reason ?? null, upstreamStatus: outcome.upstreamStatus ?? null, upstreamRequests: outcome.upstreamRequests });
      },
    };
  }

  async refused(facts: AuditFacts & { reason: string }): Promise<void> {
    await this.opens.add(openRow(facts, 'refused', facts.reason));
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
}

function openRow(facts: AuditFacts, outcome: OpenRow['outcome'], reason: string | null): OpenRow {
  return {
    requestId: facts.requestId,
    subject: facts.principal?.subject ?? null,
    clientId: facts.principal?.clientId ?? null,
    service: facts.service,
    tool: facts.tool,
    argsDigest: argumentsDigest(facts.args),
    outcome,
    reason,
  };
}
