import { seedGsid } from '../gsid.js';
import { scorecardFact, scorecardHistory, scorecardMaster, scorecardMeasure, scorecardScheme } from '../objects/index.js';
import { clamp, type SeedCompany } from './companies.js';
import type { SeedContext, SeedTable } from './context.js';

export const HISTORY_WEEKS = 18;

/** One scheme for every scorecard: 0–50 red, 51–75 yellow, 76–100 green. */
export const SCHEME = [
  { name: 'Red', from: 0, to: 50, color: '#E5484D' },
  { name: 'Yellow', from: 51, to: 75, color: '#F5A524' },
  { name: 'Green', from: 76, to: 100, color: '#30A46C' },
] as const;

const SCORECARDS = [
  {
    name: 'Enterprise Health',
    description: 'Overall health for Enterprise and Mid-Market customers',
    measures: [['Product Usage', 30], ['Support Health', 15], ['NPS', 15], ['Engagement', 20], ['Adoption', 20]],
  },
  {
    name: 'SMB Health',
    description: 'Overall health for SMB customers',
    measures: [['Product Usage', 40], ['Support Health', 20], ['NPS', 20], ['Onboarding Progress', 20]],
  },
] as const;

export function scoreLabel(score: number): string {
  return SCHEME.find((range) => score <= range.to)?.name ?? 'Green';
}

function trendOf(current: number, previous: number): string {
  return current > previous ? 'Up' : current < previous ? 'Down' : 'Same';
}

/**
 * Definitions, per-measure facts and 18 weeks of overall history. A company's overall score is the
 * weighted mean of its measure scores, written back onto the company row (CurrentScore…Trend).
 */
export function generateScorecards(ctx: SeedContext, companies: readonly SeedCompany[]): SeedTable[] {
  const { rng } = ctx;
  const scheme = SCHEME.map((r, i) => ({
    gsid: seedGsid(scorecardScheme.gsidPrefix, r.name), name: r.name, range_from: r.from, range_to: r.to,
    color: r.color, display_order: i + 1,
  }));
  const masters = SCORECARDS.map((s) => ({
    gsid: seedGsid(scorecardMaster.gsidPrefix, s.name), name: s.name, entity_type: 'COMPANY',
    description: s.description, is_active: true, created_date: ctx.at(-1000),
  }));
  const measures = SCORECARDS.flatMap((s, si) =>
    s.measures.map(([name, weight], mi) => ({
      gsid: seedGsid(scorecardMeasure.gsidPrefix, `${s.name}:${name}`), name, scorecard_id: masters[si]?.gsid,
      weight, description: `${name} measure of ${s.name}`, display_order: mi + 1, is_active: true,
    })),
  );
  const facts: Record<string, unknown>[] = [];
  const history: Record<string, unknown>[] = [];
  // Weeks start on Monday; the newest history row is this week's.
  const mondayOffset = -((new Date(`${ctx.today}T00:00:00Z`).getUTCDay() + 6) % 7);
  for (const company of companies) {
    const master = company.band === 'SMB' ? masters[1] : masters[0];
    const own = measures.filter((m) => m.scorecard_id === master?.gsid);
    let current = 0;
    let previous = 0;
    for (const measure of own) {
      const score = clamp(Math.round(company.health + rng.int(-20, 20)), 0, 100);
      const before = clamp(score + rng.int(-12, 12), 0, 100);
      current += score * measure.weight;
      previous += before * measure.weight;
      facts.push({
        gsid: seedGsid(scorecardFact.gsidPrefix, facts.length), company_id: company.gsid, scorecard_id: master?.gsid,
        measure_id: measure.gsid, current_score: score, previous_score: before, trend: trendOf(score, before),
        score_label: scoreLabel(score), comments: score < 51 ? `${measure.name} needs attention` : null,
        modified_date: ctx.at(-rng.int(0, 6)),
      });
    }
    const total = own.reduce((sum, m) => sum + m.weight, 0) || 1;
    const overall = Math.round(current / total);
    const before = Math.round(previous / total);
    Object.assign(company.row, {
      current_score: overall, previous_score: before, scorecard_id: master?.gsid, trend: trendOf(overall, before),
    });
    // Walk back in time from this week's score: week 0 is current, week 1 previous.
    let score = overall;
    for (let week = 0; week < HISTORY_WEEKS; week += 1) {
      if (week === 1) score = before;
      if (week > 1) score = clamp(score + rng.int(-6, 6), 0, 100);
      history.push({
        gsid: seedGsid(scorecardHistory.gsidPrefix, history.length), company_id: company.gsid,
        scorecard_id: master?.gsid, score, score_label: scoreLabel(score),
        week_start_date: ctx.day(mondayOffset - 7 * week), created_date: ctx.at(mondayOffset - 7 * week),
      });
    }
  }
  return [
    { table: scorecardScheme.table, rows: scheme },
    { table: scorecardMaster.table, rows: masters },
    { table: scorecardMeasure.table, rows: measures },
    { table: scorecardFact.table, rows: facts },
    { table: scorecardHistory.table, rows: history },
  ];
}
