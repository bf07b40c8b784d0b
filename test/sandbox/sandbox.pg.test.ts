import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox/index.js';
import { addDays, NOW, TODAY } from './helpers.js';

/**
 * The sandbox on a PostgreSQL server (`npm run test:postgres`): same migrations, seed and SQL as
 * on PGlite. It resets the `sandbox` schema of DATABASE_URL, so point it at a disposable database.
 */
let sandbox: SandboxHandle;

beforeAll(async () => {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: the PostgreSQL sandbox suite needs a server');
  sandbox = await startSandbox({ databaseUrl, reset: true, now: NOW, accessKey: 'pg-key' });
});
afterAll(async () => {
  await sandbox?.close();
});

const call = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${sandbox.url}${path}`, {
    method, headers: { accesskey: 'pg-key', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
};

describe('sandbox on PostgreSQL', () => {
  it('seeds the same tenant', async () => {
    expect(sandbox.store.kind).toBe('postgres');
    expect(sandbox.seedReport?.counts).toMatchObject({ activity_timeline: 5000, company: 240 });
    const { rows } = await sandbox.store.query('SELECT count(*) AS n FROM sandbox.scorecard_history');
    expect(rows[0]).toEqual({ n: 240 * 18 });
  });

  it('answers queries with operators, expressions and __gr traversal', async () => {
    const reply = await call('POST', '/v1/data/objects/query/Company', {
      select: ['Gsid', 'Name', 'RenewalDate', 'Csm__gr.Email'],
      where: {
        conditions: [
          { name: 'RenewalDate', alias: 'A', operator: 'BTW', value: [TODAY, addDays(TODAY, 90)] },
          { name: 'Name', alias: 'B', operator: 'CONTAINS', value: ['a'] },
          { name: 'Csm', alias: 'C', operator: 'IS_NULL' },
        ],
        expression: 'A AND (B OR C)',
      },
      orderBy: { RenewalDate: 'asc' },
      limit: 500,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.data.records.length).toBeGreaterThan(20);
    expect(reply.body.data.records[0].RenewalDate).toBeGreaterThanOrEqual(Date.parse(`${TODAY}T00:00:00Z`));
  });

  it('writes in transactions, idempotently', async () => {
    const [company] = (await call('POST', '/v1/data/objects/query/Company', { select: ['Gsid'], limit: 1 })).body.data.records;
    const record = { CompanyId: company.Gsid, Name: 'PG CTA', type: 'Risk', DueDate: TODAY, referenceId: 'pg-1' };
    const first = await call('POST', '/v2/cockpit/cta', { requests: [{ record }] });
    const again = await call('POST', '/v2/cockpit/cta', { requests: [{ record }] });
    expect(again.body.data.success[0]).toMatchObject({ Gsid: first.body.data.success[0].Gsid, created: false });
    const bad = await call('POST', '/v2/cockpit/cta', { requests: [{ record: { ...record, referenceId: 'pg-2' } }, { record: { ...record, referenceId: 'pg-3', DueDate: 'x' } }] });
    expect(bad.body.errorCode).toBe('GSOBJ_1005');
    const { rows } = await sandbox.store.query("SELECT count(*) AS n FROM sandbox.cta WHERE reference_id LIKE 'pg-%'");
    expect(rows[0]).toEqual({ n: 1 });
    expect((await sandbox.requestLog({ method: 'POST', path: '/v2/cockpit/cta' })).map((r) => r.status)).toEqual([200, 200, 400]);
  });
});
