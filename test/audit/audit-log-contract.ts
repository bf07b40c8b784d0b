import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, type AuditFacts } from '../../engine/audit/audit-log.js';
import { MAX_BATCH } from '../../engine/audit/group-commit.js';
import { auditMigrations } from '../../engine/audit/migrations.js';
import { migrate, type Sql, type Store } from '../../engine/store/index.js';

interface Statement {
  text: string;
  params: readonly unknown[];
}

/**
 * The audit log's group commit (engine/audit/group-commit.ts) on a real store, once per store
 * kind. The store is wrapped only to see which statements reach it, to hold one back, or to make
 * one fail as a lost connection would; every row is written to and read back from the database.
 */
export function runAuditLogContract(name: string, open: () => Promise<Store>): void {
  describe(`audit log group commit: ${name}`, () => {
    let store: Store;
    let seen: Statement[];
    let hold: Promise<void> | undefined;
    let fail: ((text: string) => Error | undefined) | undefined;
    let log: AuditLog;
    const run = randomBytes(4).toString('hex');
    let n = 0;
    const facts = (label = ''): AuditFacts => ({
      requestId: `${run}-${++n}${label}`,
      principal: { subject: `user-${n}`, clientId: 'client-1', scopes: [] },
      service: 'svc',
      tool: 'create_thing',
      args: { n },
    });

    beforeAll(async () => {
      store = await open();
      await migrate(store, auditMigrations);
    });
    afterAll(async () => {
      if (!store) return;
      await store.query(`DELETE FROM audit.events WHERE request_id LIKE $1`, [`${run}-%`]);
      await store.close();
    });
    beforeEach(() => {
      seen = [];
      hold = undefined;
      fail = undefined;
      const watched: Sql = {
        async query(text, params = []) {
          seen.push({ text, params });
          const gate = hold;
          if (gate) await gate;
          const failure = fail?.(text);
          if (failure) throw failure;
          return store.query(text, params);
        },
        exec: (text) => store.exec(text),
        transaction: (fn) => store.transaction(fn),
      };
      log = new AuditLog(watched);
    });

    const rowsOf = async (ids: readonly number[]) =>
      (
        await store.query<{ id: number; request_id: string; outcome: string; reason: string | null; upstream_status: number | null; finished_at: Date | null }>(
          `SELECT id, request_id, outcome, reason, upstream_status, finished_at FROM audit.events WHERE id = ANY($1::bigint[]) ORDER BY id`,
          [ids],
        )
      ).rows;
    const countOf = async (requestIds: readonly string[]) =>
      Number((await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit.events WHERE request_id = ANY($1::text[])`, [requestIds])).rows[0]!.n);
    const batched = (s: Statement) => s.text.includes('unnest');

    it('opens the records of concurrent calls with one statement, each under its own id', async () => {
      const all = Array.from({ length: 20 }, (_, i) => facts(i % 5 === 0 ? '-refused' : ''));
      const entries = await Promise.all(all.map((f) => (f.requestId.endsWith('-refused') ? log.refused({ ...f, reason: 'not_supported' }).then(() => undefined) : log.begin(f))));
      expect(seen).toHaveLength(1);
      expect(batched(seen[0]!)).toBe(true);
      expect((seen[0]!.params[0] as unknown[]).length).toBe(20);
      const opened = entries.filter((e) => e !== undefined);
      expect(new Set(opened.map((e) => e.id)).size).toBe(16);
      const rows = await rowsOf(opened.map((e) => e.id));
      const byId = new Map(rows.map((r) => [r.id, r]));
      all.filter((f) => !f.requestId.endsWith('-refused')).forEach((f, i) => {
        expect(byId.get(opened[i]!.id)).toMatchObject({ request_id: f.requestId, outcome: 'pending', finished_at: null });
      });
      expect(await countOf(all.map((f) => f.requestId))).toBe(20);
    });

    it('closes them with one statement, each with its own outcome', async () => {
      const entries = await Promise.all(Array.from({ length: 12 }, () => log.begin(facts())));
      seen = [];
      await Promise.all(entries.map((e, i) => e.finish(i % 2 ? { outcome: 'failed', reason: 'upstream_server', upstreamStatus: 500 + i, upstreamRequests: 1 } : { outcome: 'succeeded', upstreamStatus: 200 + i, upstreamRequests: 1 })));
      expect(seen).toHaveLength(1);
      expect(batched(seen[0]!)).toBe(true);
      const rows = new Map((await rowsOf(entries.map((e) => e.id))).map((r) => [r.id, r]));
      entries.forEach((e, i) => {
        expect(rows.get(e.id)).toMatchObject(i % 2 ? { outcome: 'failed', reason: 'upstream_server', upstream_status: 500 + i } : { outcome: 'succeeded', reason: null, upstream_status: 200 + i });
        expect(rows.get(e.id)!.finished_at).toBeInstanceOf(Date);
      });
    });

    it('writes a lone call with the one-row statements', async () => {
      const entry = await log.begin(facts());
      await entry.finish({ outcome: 'succeeded', upstreamStatus: 201, upstreamRequests: 1 });
      expect(seen.map(batched)).toEqual([false, false]);
      expect(await rowsOf([entry.id])).toMatchObject([{ outcome: 'succeeded', upstream_status: 201 }]);
    });

    it('gathers the calls that arrive while a batch is being written into the next one', async () => {
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      const first = Array.from({ length: 3 }, () => log.begin(facts()));
      await new Promise((resolve) => setImmediate(resolve));
      expect(seen).toHaveLength(1);
      const later = Array.from({ length: 5 }, () => log.begin(facts()));
      await new Promise((resolve) => setImmediate(resolve));
      expect(seen).toHaveLength(1); // the second batch waits for the first
      hold = undefined;
      release();
      const ids = (await Promise.all([...first, ...later])).map((e) => e.id);
      expect(seen.map((s) => (s.params[0] as unknown[]).length)).toEqual([3, 5]);
      expect(new Set(ids).size).toBe(8);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    });

    it(`writes at most ${MAX_BATCH} rows per statement`, async () => {
      const count = MAX_BATCH * 2 + 7;
      const entries = await Promise.all(Array.from({ length: count }, () => log.begin(facts())));
      expect(seen.map((s) => (s.params[0] as unknown[]).length)).toEqual([MAX_BATCH, MAX_BATCH, 7]);
      expect(new Set(entries.map((e) => e.id)).size).toBe(count);
    });

    it('fails only the call whose row the database refuses; its neighbours are written once', async () => {
      const good = [facts(), facts()];
      const bad = facts('-bad\u0000');
      const settled = await Promise.allSettled([log.begin(good[0]!), log.begin(bad), log.begin(good[1]!)]);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ code: '22021' });
      expect(seen.map(batched)).toEqual([true, false, false, false]);
      expect(await countOf(good.map((f) => f.requestId))).toBe(2);
      const ids = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.id] : []));
      expect((await rowsOf(ids)).map((r) => r.request_id)).toEqual(good.map((f) => f.requestId));
    });

    it('fails the whole batch, and retries nothing, when the failure may have left it committed', async () => {
      fail = (text) => (text.includes('unnest') ? Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' }) : undefined);
      const all = [facts(), facts(), facts()];
      const settled = await Promise.allSettled(all.map((f) => log.begin(f)));
      expect(settled.every((s) => s.status === 'rejected' && /Connection terminated/.test(String(s.reason)))).toBe(true);
      expect(seen).toHaveLength(1);
      expect(await countOf(all.map((f) => f.requestId))).toBe(0);
      // The log goes on: the next call is written.
      fail = undefined;
      const next = await log.begin(facts());
      expect(await rowsOf([next.id])).toHaveLength(1);
    });
  });
}
