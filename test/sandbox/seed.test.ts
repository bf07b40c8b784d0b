import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSeed, startSandbox } from '../../sandbox/index.js';
import { addDays, NOW, TODAY, useSandbox } from './helpers.js';

const box = useSandbox();
const count = async (sql: string, params: unknown[] = []) =>
  Number((await box.handle.store.query<{ n: number }>(sql, params)).rows[0]?.n);

describe('seed contents', () => {
  it.each([
    ['companies (at least 200)', 'SELECT count(*) AS n FROM sandbox.company', (n: number) => n >= 200],
    ['timeline activities (exactly 5,000)', 'SELECT count(*) AS n FROM sandbox.activity_timeline', (n: number) => n === 5000],
    ['users with email', "SELECT count(*) AS n FROM sandbox.gsuser WHERE email LIKE '%@example.com'", (n: number) => n >= 20],
    ['relationships', 'SELECT count(*) AS n FROM sandbox.relationship', (n: number) => n >= 100],
    ['people', 'SELECT count(*) AS n FROM sandbox.person', (n: number) => n >= 600],
    ['company-person links', 'SELECT count(*) AS n FROM sandbox.company_person', (n: number) => n >= 600],
    ['CTAs', 'SELECT count(*) AS n FROM sandbox.cta', (n: number) => n >= 500],
    ['tasks', 'SELECT count(*) AS n FROM sandbox.cs_task', (n: number) => n >= 500],
    ['success plans', 'SELECT count(*) AS n FROM sandbox.success_plan', (n: number) => n >= 50],
    ['scorecard facts', 'SELECT count(*) AS n FROM sandbox.scorecard_fact', (n: number) => n >= 800],
  ])('has %s', async (_label, sql, check) => {
    const n = await count(sql);
    expect(check(n), `${n}`).toBe(true);
  });

  it('puts a good share of renewals in the next 90 days, relative to now', async () => {
    const soon = await count('SELECT count(*) AS n FROM sandbox.company WHERE renewal_date BETWEEN $1 AND $2', [TODAY, addDays(TODAY, 90)]);
    const all = await count('SELECT count(*) AS n FROM sandbox.company');
    expect(soon / all).toBeGreaterThan(0.25);
    expect(soon / all).toBeLessThan(0.5);
  });

  it('has open, overdue and closed CTAs of every type', async () => {
    expect(await count('SELECT count(*) AS n FROM sandbox.cta WHERE NOT is_closed AND due_date < $1', [TODAY])).toBeGreaterThan(50);
    expect(await count('SELECT count(*) AS n FROM sandbox.cta WHERE is_closed AND closed_date IS NOT NULL')).toBeGreaterThan(100);
    const { rows } = await box.handle.store.query<{ name: string }>(
      'SELECT DISTINCT p.name FROM sandbox.cta c JOIN sandbox.picklist p ON p.gsid = c.type_id ORDER BY 1');
    expect(rows.map((r) => r.name)).toEqual(['Activity', 'Expansion', 'Lifecycle', 'Objective', 'Risk']);
    expect(await count('SELECT count(*) AS n FROM sandbox.cta c WHERE NOT EXISTS (SELECT 1 FROM sandbox.cs_task t WHERE t.cta_id = c.gsid)')).toBe(0);
  });

  it('gives success plans two to four objective CTAs, closed with closed plans', async () => {
    const { rows } = await box.handle.store.query<{ n: number; open_in_closed: number }>(
      `SELECT count(c.gsid) AS n, count(c.gsid) FILTER (WHERE s.is_closed AND NOT c.is_closed) AS open_in_closed
       FROM sandbox.success_plan s LEFT JOIN sandbox.cta c ON c.success_plan_id = s.gsid GROUP BY s.gsid`);
    expect(rows.every((r) => r.n >= 2 && r.n <= 4 && r.open_in_closed === 0)).toBe(true);
  });

  it('spreads activities over the four contexts, with unique external ids', async () => {
    const { rows } = await box.handle.store.query<{ context_name: string; n: number }>(
      'SELECT context_name, count(*) AS n FROM sandbox.activity_timeline GROUP BY 1 ORDER BY 1');
    expect(rows.map((r) => r.context_name)).toEqual(['CTA', 'Company', 'Relationship', 'SuccessPlan']);
    expect(await count('SELECT count(DISTINCT external_id) AS n FROM sandbox.activity_timeline')).toBe(5000);
  });

  it('keeps 18 weekly history rows per company, ending at the company score', async () => {
    const { rows } = await box.handle.store.query<{ weeks: number; newest: string; oldest: string; matches: boolean }>(
      `SELECT count(*) AS weeks, max(h.week_start_date) AS newest, min(h.week_start_date) AS oldest,
              bool_and(h.week_start_date <> (SELECT max(week_start_date) FROM sandbox.scorecard_history) OR h.score = c.current_score) AS matches
       FROM sandbox.company c JOIN sandbox.scorecard_history h ON h.company_id = c.gsid GROUP BY c.gsid`);
    expect(rows).toHaveLength(await count('SELECT count(*) AS n FROM sandbox.company'));
    expect(rows.every((r) => r.weeks === 18 && r.matches)).toBe(true);
    expect(rows[0]?.newest).toBe('2026-03-16'); // the Monday of the pinned week
    expect(rows[0]?.oldest).toBe(addDays('2026-03-16', -17 * 7));
  });

  it('derives company scores from weighted measure facts and a red/yellow/green scheme', async () => {
    const { rows } = await box.handle.store.query<{ name: string; total: number }>(
      'SELECT m.name, sum(me.weight) AS total FROM sandbox.scorecard_master m JOIN sandbox.scorecard_measure me ON me.scorecard_id = m.gsid GROUP BY 1');
    expect(rows.every((r) => Number(r.total) === 100)).toBe(true);
    const scheme = await box.handle.store.query('SELECT name, range_from, range_to FROM sandbox.scorecard_scheme ORDER BY display_order');
    expect(scheme.rows).toEqual([{ name: 'Red', range_from: 0, range_to: 50 }, { name: 'Yellow', range_from: 51, range_to: 75 }, { name: 'Green', range_from: 76, range_to: 100 }]);
    const mismatches = await count(`
      SELECT count(*) AS n FROM sandbox.company c JOIN (
        SELECT f.company_id, round((sum(f.current_score * m.weight) / sum(m.weight))::numeric) AS score
        FROM sandbox.scorecard_fact f JOIN sandbox.scorecard_measure m ON m.gsid = f.measure_id GROUP BY 1
      ) s ON s.company_id = c.gsid WHERE s.score <> c.current_score`);
    expect(mismatches).toBe(0);
  });

  it.each([
    ['company', '1P02'], ['gsuser', '1P01'], ['relationship', '1P05'], ['cta', '1S01'], ['picklist', '1I00'],
    ['cs_task', '1S02'], ['success_plan', '1S03'], ['activity_timeline', '1A01'], ['person', '1C01'],
  ])('gives %s GSIDs with prefix %s', async (table, prefix) => {
    const bad = await count(`SELECT count(*) AS n FROM sandbox.${table} WHERE gsid !~ $1`, [`^${prefix}[0-9A-Z]{32}$`]);
    expect(bad).toBe(0);
  });
});

describe('determinism', () => {
  it('generates equal data for the same seed and day', () => {
    expect(generateSeed({ now: NOW })).toEqual(generateSeed({ now: new Date('2026-03-16T23:59:00Z') }));
  });

  it('generates different data for another seed', () => {
    const a = generateSeed({ now: NOW }).find((t) => t.table === 'sandbox.company')?.rows.map((r) => r.name);
    const b = generateSeed({ now: NOW, seed: 7 }).find((t) => t.table === 'sandbox.company')?.rows.map((r) => r.name);
    expect(a).not.toEqual(b);
  });

  it('moves every date with "now" and keeps the rest', () => {
    const first = generateSeed({ now: NOW }).find((t) => t.table === 'sandbox.company')?.rows ?? [];
    const later = generateSeed({ now: new Date('2026-04-15T08:00:00Z') }).find((t) => t.table === 'sandbox.company')?.rows ?? [];
    expect(later.map((r) => r.name)).toEqual(first.map((r) => r.name));
    expect(later.map((r) => r.renewal_date)).toEqual(first.map((r) => addDays(String(r.renewal_date), 30)));
  });

  it('stores exactly the generated rows', async () => {
    const generated = generateSeed({ now: NOW }).find((t) => t.table === 'sandbox.company')?.rows ?? [];
    const { rows } = await box.handle.store.query('SELECT gsid, name, arr, renewal_date, tags FROM sandbox.company ORDER BY gsid');
    const expected = generated.map((r) => ({ gsid: r.gsid, name: r.name, arr: r.arr, renewal_date: r.renewal_date, tags: r.tags }));
    expect(rows).toEqual(expected.sort((x, y) => String(x.gsid).localeCompare(String(y.gsid), 'en')).sort((x, y) => (String(x.gsid) < String(y.gsid) ? -1 : 1)));
  });
});

describe('on disk', () => {
  it('seeds once, keeps the data across restarts and reseeds on reset', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'toolgate-sandbox-'));
    try {
      const first = await startSandbox({ dataDir: join(dir, 'db'), now: NOW });
      expect(first.seedReport?.counts.activity_timeline).toBe(5000);
      await fetch(`${first.url}/v1/meta/services/objects`, { headers: { accesskey: first.accessKey } });
      await first.store.query("UPDATE sandbox.company SET name = 'Renamed' WHERE gsid = (SELECT min(gsid) FROM sandbox.company)");
      await first.close();

      const second = await startSandbox({ dataDir: join(dir, 'db'), now: NOW });
      expect(second.seedReport).toBeNull();
      expect((await second.store.query("SELECT count(*) AS n FROM sandbox.company WHERE name = 'Renamed'")).rows[0]).toEqual({ n: 1 });
      expect(await second.requestLog()).toHaveLength(1);
      await second.close();

      const third = await startSandbox({ dataDir: join(dir, 'db'), now: NOW, reset: true });
      expect(third.seedReport).not.toBeNull();
      expect((await third.store.query("SELECT count(*) AS n FROM sandbox.company WHERE name = 'Renamed'")).rows[0]).toEqual({ n: 0 });
      expect(await third.requestLog()).toEqual([]);
      await third.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
