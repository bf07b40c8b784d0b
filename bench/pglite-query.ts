/**
 * CPU per audited write call in the store: the audit log's open/close pair (AuditLog.begin, then
 * finish), on PGlite's own query() as the store ran it before, and on the store's query
 * (engine/store/pglite-prepared.ts: a statement prepared once, then one exchange per call).
 * Each path gets a fresh in-memory database with the audit migrations; rounds are interleaved,
 * after a warm-up, and the medians compared.
 *
 *   npx tsx bench/pglite-query.ts            options: --n 2000 --rounds 7 --warmup 300
 */
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { AuditLog } from '../engine/audit/audit-log.js';
import { auditMigrations } from '../engine/audit/migrations.js';
import { connectionSql, type Connection } from '../engine/store/connection-sql.js';
import { migrate, openStore, type Sql, type Store } from '../engine/store/index.js';
import { createDatabase } from '../engine/store/pglite-store.js';
import { median } from './lib/stats.js';
import { numberOption } from './lib/options.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => numberOption(args, name, fallback);
const N = option('n', 2000);
const ROUNDS = option('rounds', 7);
const WARMUP = option('warmup', 300);

/** The store's connection before pglite-prepared.ts: every statement through db.query(). */
function pgliteQueryConnection(db: PGlite | Transaction): Connection {
  return {
    async query<T>(text: string, params: readonly unknown[] = []) {
      const result = await db.query<T>(text, [...params]);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    },
    async exec(text: string) {
      await db.exec(text);
    },
  };
}

async function openBefore(): Promise<{ sql: Sql; close: () => Promise<void> }> {
  const db = await createDatabase({});
  const sql: Sql = {
    ...connectionSql(pgliteQueryConnection(db)),
    transaction: (fn) => db.transaction((tx) => fn(connectionSql(pgliteQueryConnection(tx)))),
  };
  return { sql, close: () => db.close() };
}

const facts = (i: number) => ({
  requestId: `req-${i}`,
  principal: { subject: 'user-1', clientId: 'client-1', scopes: [] },
  service: 'gainsight-cs',
  tool: 'create_cta',
  args: { companyId: '1P02ABC', name: `Follow up ${i}`, typeName: 'Risk' },
});

async function pairs(log: AuditLog, from: number, n: number): Promise<void> {
  for (let i = from; i < from + n; i += 1) {
    const entry = await log.begin(facts(i));
    await entry.finish({ outcome: 'succeeded', upstreamStatus: 200, upstreamRequests: 1 });
  }
}

const before = await openBefore();
const store: Store = await openStore();
const paths = { 'db.query (before)': before.sql, 'prepared (store)': store } as const;
const logs = new Map<string, AuditLog>();
for (const [name, sql] of Object.entries(paths)) {
  await migrate(sql, auditMigrations);
  logs.set(name, new AuditLog(sql));
}
for (const log of logs.values()) await pairs(log, 0, WARMUP);

const cpu = new Map<string, number[]>([...logs.keys()].map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, log] of logs) {
    const start = process.cpuUsage();
    await pairs(log, WARMUP + round * N, N);
    const used = process.cpuUsage(start);
    cpu.get(name)!.push((used.user + used.system) / N);
  }
}

const check = await Promise.all(Object.values(paths).map((sql) => sql.query<{ n: number }>(`SELECT count(*) AS n FROM audit.events WHERE outcome = 'succeeded'`)));
const expected = WARMUP + ROUNDS * N;
if (check.some((r) => r.rows[0]?.n !== expected)) throw new Error(`expected ${expected} completed events in each database`);

console.log(`CPU per audit open/close pair (µs), N=${N} pairs per round, medians of ${ROUNDS} interleaved rounds:`);
const medians = [...cpu].map(([name, values]) => [name, median(values)] as const);
for (const [name, value] of medians) console.log(`  ${name.padEnd(20)} ${value.toFixed(0)}   (rounds: ${cpu.get(name)!.map((v) => v.toFixed(0)).join(', ')})`);
const [[, a], [, b]] = medians as [[string, number], [string, number]];
console.log(`  saving: ${(a - b).toFixed(0)} µs per pair, ${((1 - b / a) * 100).toFixed(0)} %`);
await before.close();
await store.close();
