import { seedGsid } from '../gsid.js';
import { companyPerson, person, relationship, relationshipType } from '../objects/index.js';
import type { SeedCompany } from './companies.js';
import type { SeedContext, SeedTable } from './context.js';
import { picklistId } from './reference.js';
import { CONTACT_ROLES, CONTACT_TITLES, FIRST_NAMES, LAST_NAMES, LOCATIONS, PRODUCTS } from './words.js';

export const RELATIONSHIP_TYPES = ['Product Line', 'Business Unit', 'Subsidiary'] as const;

export function relationshipTypeTable(ctx: SeedContext): SeedTable {
  const rows = RELATIONSHIP_TYPES.map((name) => ({
    gsid: seedGsid(relationshipType.gsidPrefix, name), name, created_date: ctx.at(-900), modified_date: ctx.at(-900),
  }));
  return { table: relationshipType.table, rows };
}

/** Relationships per company: 45% of companies have one to three product lines or units. */
export function generateRelationships(ctx: SeedContext, companies: readonly SeedCompany[]) {
  const byCompany = new Map<string, string[]>();
  const rows: Record<string, unknown>[] = [];
  for (const c of companies) {
    if (!ctx.rng.chance(0.45)) continue;
    const products = ctx.rng.sample(PRODUCTS, ctx.rng.int(1, 3));
    const ids = products.map((product) => {
      const gsid = seedGsid(relationship.gsidPrefix, rows.length);
      const type = ctx.rng.weighted([['Product Line', 8], ['Business Unit', 2], ['Subsidiary', 1]] as const);
      const created = ctx.at(-ctx.rng.int(60, 900));
      rows.push({
        gsid, name: `${c.name} - ${product}`, company_id: c.gsid,
        relationship_type_id: seedGsid(relationshipType.gsidPrefix, type),
        csm: c.csm, arr: Math.round(Number(c.row.arr) / products.length / 100) * 100,
        status: picklistId('COMPANY_STATUS', 'Active'), renewal_date: c.row.renewal_date,
        created_date: created, modified_date: created,
      });
      return gsid;
    });
    byCompany.set(c.gsid, ids);
  }
  const table: SeedTable = { table: relationship.table, rows };
  return { byCompany, table };
}

/** Three to six contacts per company; one in twenty also works with a second company. */
export function generatePeople(ctx: SeedContext, companies: readonly SeedCompany[]) {
  const { rng } = ctx;
  const people: Record<string, unknown>[] = [];
  const links: Record<string, unknown>[] = [];
  const contactsByCompany = new Map<string, string[]>();
  const emails = new Set<string>();
  for (const c of companies) {
    const domain = `${c.name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`;
    const ids: string[] = [];
    for (let n = rng.int(3, 6); n > 0; n -= 1) {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      let email = `${first}.${last}@${domain}`.toLowerCase();
      for (let k = 2; emails.has(email); k += 1) email = `${first}.${last}${k}@${domain}`.toLowerCase();
      emails.add(email);
      const gsid = seedGsid(person.gsidPrefix, people.length);
      const created = ctx.at(-rng.int(30, 900));
      people.push({
        gsid, name: `${first} ${last}`, first_name: first, last_name: last, email,
        phone: `+1-555-${String(rng.int(100, 999))}-${String(rng.int(1000, 9999))}`,
        location: rng.pick(LOCATIONS), created_date: created, modified_date: created,
      });
      links.push(link(ctx, links.length, gsid, c.gsid, true, created));
      ids.push(gsid);
      if (rng.chance(0.05)) {
        links.push(link(ctx, links.length, gsid, rng.pick(companies).gsid, false, created));
      }
    }
    contactsByCompany.set(c.gsid, ids);
  }
  return {
    contactsByCompany,
    tables: [
      { table: person.table, rows: people },
      { table: companyPerson.table, rows: links },
    ] satisfies SeedTable[],
  };
}

function link(ctx: SeedContext, index: number, personId: string, companyId: string, primary: boolean, created: Date) {
  return {
    gsid: seedGsid(companyPerson.gsidPrefix, index), person_id: personId, company_id: companyId,
    title: ctx.rng.pick(CONTACT_TITLES), role: ctx.rng.pick(CONTACT_ROLES),
    is_primary_company: primary, active: ctx.rng.chance(0.93), created_date: created, modified_date: created,
  };
}
