/**
 * CPU per audited write call in the store, by how many calls share a statement: the audit log's
 * open and close statements (engine/audit/statements.ts) for batches of 1 (the one-row
 * statements) and of 2–16 rows (the group-commit statements), on a PGlite data directory on disk
 * as `toolgate serve` keeps it (or `--memory`). Rounds are interleaved, after a warm-up; medians.
 *
 *   npx tsx bench/audit-batch.ts            options: --n 1600 --rounds 5 --memory
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { auditMigrations } from '../engine/audit/migrations.js';
import { closeWriter, openWriter, type OpenRow } from '../engine/audit/statements.js';
import { migrate, openStore } from '../engine/store/index.js';
import { numberOption } from './lib/options.js';
import { median } from './lib/stats.js';

const args = process.argv.slice(2);
const N = numberOption(args, 'n', 1600);
const ROUNDS = numberOption(args, 'rounds', 5);
const SIZES = [1, 2, 4, 8, 16];

const dir = args.includes('--memory') ? undefined : await mkdtemp(path.join(tmpdir(), 'toolgate-audit-batch-'));
const store = await openStore(dir ? { dataDir: path.join(dir, 'db') } : {});
try {
  await migrate(store, auditMigrations);
  const opens = openWriter(store);
  const closes = closeWriter(store);
  let seq = 0;
  const row = (): OpenRow => ({ requestId: `req-${seq++}`, subject: 'user-1', clientId: 'client-1', service: 'gainsight-cs', tool: 'create_cta', argsDigest: `sha256:${'0'.repeat(64)}`, outcome: 'pending', reason: null });
  const calls = async (size: number, count: number) => {
    for (let i = 0; i < count; i += size) {
      const batch = Array.from({ length: size }, row);
      const ids = size === 1 ? [await opens.one(batch[0]!)] : await opens.many(batch);
      const outcomes = ids.map((id) => ({ id, outcome: 'succeeded' as const, reason: null, upstreamStatus: 200, upstreamRequests: 1 }));
      if (size === 1) await closes.one(outcomes[0]!);
      else await closes.many(outcomes);
    }
  };
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  };
  for (const size of SIZES) await calls(size, Math.max(size, N / 5));
  const samples = new Map(SIZES.map((s) => [s, [] as number[]]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const size of SIZES) {
      const before = cpu();
      await calls(size, N);
      samples.get(size)!.push((cpu() - before) / N);
    }
  }
  console.log(`audit open + close per write call, PGlite ${dir ? 'on disk' : 'in memory'}, ${N} calls × ${ROUNDS} rounds\n`);
  console.log('| calls per statement | µs CPU per call | vs one each |\n|---:|---:|---:|');
  const one = median(samples.get(1)!);
  for (const size of SIZES) {
    const m = median(samples.get(size)!);
    console.log(`| ${size} | ${m.toFixed(0)} | ${(m / one).toFixed(2)}× |`);
  }
} finally {
  await store.close();
  if (dir) await rm(dir, { recursive: true, force: true });
}
