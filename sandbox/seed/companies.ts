import { seedGsid } from '../gsid.js';
import { company } from '../objects/index.js';
import type { SeedContext, SeedTable } from './context.js';
import { picklistId } from './reference.js';
import { COMPANY_PREFIXES, COMPANY_SUFFIXES, INDUSTRIES } from './words.js';

export const COMPANY_COUNT = 240;

/** What later generators need to know about a company beyond its row. */
export interface SeedCompany {
  gsid: string;
  name: string;
  csm: string | null;
  /** 0–100: drives scores, CTA types and stage, so the data tells a consistent story. */
  health: number;
  band: 'SMB' | 'Mid-Market' | 'Enterprise';
  row: Record<string, unknown>;
}

const BANDS = {
  SMB: { arr: [10_000, 60_000], employees: [10, 200] },
  'Mid-Market': { arr: [60_000, 300_000], employees: [200, 2_000] },
  Enterprise: { arr: [300_000, 2_500_000], employees: [2_000, 60_000] },
} as const;

export function generateCompanies(ctx: SeedContext, csmIds: readonly string[]): SeedCompany[] {
  const { rng } = ctx;
  const names = rng.sample(
    COMPANY_PREFIXES.flatMap((p) => COMPANY_SUFFIXES.map((s) => `${p} ${s}`)),
    COMPANY_COUNT,
  );
  const companies: SeedCompany[] = [];
  names.forEach((name, i) => {
    const band = rng.weighted([['SMB', 45], ['Mid-Market', 35], ['Enterprise', 20]] as const);
    const spec = BANDS[band];
    const arr = Math.round(rng.int(spec.arr[0], spec.arr[1]) / 500) * 500;
    const renewalOffset = rng.weighted([[[1, 90], 35], [[-30, -1], 5], [[91, 365], 60]] as const);
    const renewal = ctx.day(rng.int(renewalOffset[0], renewalOffset[1]));
    const years = rng.int(1, 4);
    const originalOffset = Math.min(daysBetween(ctx.today, renewal) - 365 * years, -30);
    const lifecycleWeeks = Math.floor(-originalOffset / 7);
    const health = clamp(Math.round(rng.next() * 70 + rng.next() * 35), 5, 100);
    const churned = rng.chance(0.04);
    const stage = churned ? 'Churned' : lifecycleWeeks < 13 ? rng.pick(['New Customer', 'Kick Off', 'Launched'])
      : health < 40 ? 'Will Churn' : health > 80 ? rng.pick(['Will Expand', 'Adopting']) : 'Adopting';
    const status = churned ? 'Churned' : rng.chance(0.03) ? 'Inactive' : 'Active';
    const csm = rng.chance(0.95) ? (rng.chance(0.08) ? (csmIds[0] as string) : rng.pick(csmIds)) : null;
    const parent = i > 20 && rng.chance(0.08) ? companies[rng.int(0, 19)]?.gsid ?? null : null;
    const extraTags = rng.sample(['Strategic', 'Reference', 'Beta Program', 'Expansion Target'], rng.int(0, 2));
    const tags = [band, ...extraTags, ...(health < 40 ? ['At Risk'] : [])].map((t) => picklistId('COMPANY_TAGS', t));
    const gsid = seedGsid(company.gsidPrefix, i);
    const created = ctx.at(originalOffset - rng.int(5, 60));
    const row = {
      gsid, name, arr, mrr: Math.round((arr / 12) * 100) / 100,
      industry: picklistId('COMPANY_INDUSTRY', rng.pick(INDUSTRIES)),
      employees: rng.int(spec.employees[0], spec.employees[1]),
      stage: picklistId('COMPANY_STAGE', stage),
      status: picklistId('COMPANY_STATUS', status),
      renewal_date: renewal,
      original_contract_date: ctx.day(originalOffset),
      lifecycle_in_weeks: lifecycleWeeks,
      csm, parent_company: parent,
      company_type: picklistId('COMPANY_TYPE', rng.weighted([['Customer', 90], ['Partner', 7], ['Prospect', 3]] as const)),
      tags,
      nps: rng.chance(0.8) ? clamp(Math.round(health * 1.6 - 60 + rng.int(-25, 25)), -100, 100) : null,
      csat: rng.chance(0.7) ? Math.round(clamp(1 + (health / 100) * 4 + rng.next() - 0.5, 1, 5) * 10) / 10 : null,
      // Scores and trend are filled in by the scorecard generator from the measure facts.
      current_score: null, previous_score: null, scorecard_id: null, trend: null,
      created_date: created,
      modified_date: ctx.at(-rng.int(0, 30)),
    };
    companies.push({ gsid, name, csm, health, band, row });
  });
  return companies;
}

export function companyTable(companies: readonly SeedCompany[]): SeedTable {
  return { table: company.table, rows: companies.map((c) => c.row) };
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
