import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxApp } from '../../sandbox/index.js';
import { fixedWindowRateLimit } from '../../sandbox/http/middleware.js';
import { records, TODAY, useSandbox } from './helpers.js';

const box = useSandbox();

describe('accesskey authentication', () => {
  it.each([
    ['no accesskey header', {}],
    ['a wrong key of another length', { accesskey: 'nope' }],
    ['a wrong key of the same length', { accesskey: 'test-kez' }],
  ])('refuses %s with 401 GS_APIG_2401', async (_label, headers) => {
    const response = await fetch(`${box.handle.url}/v1/data/objects/query/Company`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"select":["Gsid"]}',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ result: false, errorCode: 'GS_APIG_2401', data: null });
  });

  it('has no rate limit unless configured', async () => {
    const replies = await Promise.all(Array.from({ length: 30 }, () => box.call('GET', '/v1/meta/services/objects')));
    expect(replies.every((r) => r.status === 200)).toBe(true);
  });
});

describe('request log', () => {
  it('records every request, refused ones too, without secrets', async () => {
    const since = new Date(Date.now() - 1000);
    await box.call('GET', '/v2/cockpit/admin/picklist/lite?category=CTA_TYPE');
    await fetch(`${box.handle.url}/v2/cockpit/cta/list`, { method: 'POST', headers: { accesskey: 'wrong' } });
    const rows = await box.handle.requestLog({ since });
    expect(rows.find((r) => r.path === '/v2/cockpit/admin/picklist/lite')).toMatchObject({
      method: 'GET', query: 'category=CTA_TYPE', status: 200, errorCode: null, durationMs: expect.any(Number),
    });
    expect(rows.find((r) => r.path === '/v2/cockpit/cta/list')).toMatchObject({ method: 'POST', status: 401, errorCode: 'GS_APIG_2401' });
    const everything = JSON.stringify(await box.handle.requestLog());
    expect(everything).not.toContain(box.handle.accessKey);
  });

  it('filters by method, exact path and path pattern', async () => {
    expect((await box.handle.requestLog({ method: 'get' })).every((r) => r.method === 'GET')).toBe(true);
    expect((await box.handle.requestLog({ path: '/v1/meta/services/objects' })).length).toBeGreaterThanOrEqual(30);
    expect((await box.handle.requestLog({ path: /^\/v2\/cockpit\// })).length).toBeGreaterThanOrEqual(2);
    expect(await box.handle.requestLog({ status: 418 })).toEqual([]);
  });
});

describe('endpoints the gateway must never call (they work, and the log shows them)', () => {
  const companyWrites = () => box.handle.requestLog({ path: /^\/v1\/data\/objects\/Company$/ });

  it('starts with zero DELETE requests and zero company writes', async () => {
    expect(await box.handle.requestLog({ method: 'DELETE' })).toEqual([]);
    expect(await companyWrites()).toEqual([]);
  });

  it('inserts and updates companies through the data API', async () => {
    const inserted = await box.call('POST', '/v1/data/objects/Company', { records: [{ Name: 'Sandbox Test Co', Arr: 12345, RenewalDate: TODAY }] });
    expect(inserted.status, JSON.stringify(inserted.body)).toBe(200);
    const gsid = inserted.body.data.records[0].Gsid;
    expect(gsid).toMatch(/^1P02[0-9A-Z]{32}$/);
    await box.call('PUT', '/v1/data/objects/Company?keys=Gsid', { records: [{ Gsid: gsid, Arr: 50000 }] });
    await box.call('PUT', '/v1/data/objects/Company?keys=Name', { records: [{ Name: 'sandbox test co', Employees: 42 }] });
    const [row] = await records(box, 'Company', { select: ['Name', 'Arr', 'Employees'], where: { conditions: [{ name: 'Gsid', operator: 'EQ', value: [gsid] }] } });
    expect(row).toEqual({ Name: 'Sandbox Test Co', Arr: 50000, Employees: 42 });
    expect((await companyWrites()).map((r) => r.method)).toEqual(['POST', 'PUT', 'PUT']);
  });

  it.each([
    ['a duplicate name', { Name: 'Sandbox Test Co' }, 'GSOBJ_1012'],
    ['an unknown CSM', { Name: 'Other Co', Csm: '1P01ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ' }, 'GSOBJ_1004'],
    ['no name', { Arr: 1 }, 'GSOBJ_1007'],
    ['a system field', { Name: 'Other Co', CreatedDate: TODAY }, 'GSOBJ_1002'],
  ])('refuses a company insert with %s', async (_label, record, code) => {
    const reply = await box.call('POST', '/v1/data/objects/Company', { records: [record] });
    expect(reply.body).toMatchObject({ result: false, errorCode: code });
  });

  it('deletes records, CTAs (with their tasks) and activities', async () => {
    const [person] = await records(box, 'Person', { select: ['Gsid'], limit: 1 });
    expect((await box.call('DELETE', `/v1/data/objects/Person/${person?.Gsid}`)).status).toBe(200);
    expect((await box.query('Person', { where: { conditions: [{ name: 'Gsid', operator: 'EQ', value: [person?.Gsid] }] } })).body.errorCode).toBe('GSOBJ_1011');

    const [task] = await records(box, 'cs_task', { select: ['CTAId'], limit: 1 });
    expect((await box.call('DELETE', `/v2/cockpit/cta/${task?.CTAId}`)).status).toBe(200);
    expect((await box.query('cs_task', { where: { conditions: [{ name: 'CTAId', operator: 'EQ', value: [task?.CTAId] }] } })).body.errorCode).toBe('GSOBJ_1011');

    const [activity] = await records(box, 'activity_timeline', { select: ['Gsid'], limit: 1 });
    expect((await box.call('DELETE', `/v1/ant/es/activity/${activity?.Gsid}`)).status).toBe(200);
    expect((await box.call('DELETE', `/v1/ant/es/activity/${activity?.Gsid}`)).body.errorCode).toBe('GSOBJ_1011');
    expect((await box.call('DELETE', '/v1/data/objects/Person/not-a-gsid')).body.errorCode).toBe('GSOBJ_1004');

    expect((await box.handle.requestLog({ method: 'DELETE' })).map((r) => r.status)).toEqual([200, 200, 200, 400, 400]);
  });

  it('changes admin configuration (a new picklist item)', async () => {
    const reply = await box.call('POST', '/v2/cockpit/admin/picklist', { category: 'CTA_REASON', name: 'Sandbox Reason' });
    expect(reply.status).toBe(200);
    const lite = await box.call('GET', '/v2/cockpit/admin/picklist/lite?category=CTA_REASON');
    expect(lite.body.data.CTA_REASON.map((i: { Name: string }) => i.Name)).toContain('Sandbox Reason');
    expect((await box.call('POST', '/v2/cockpit/admin/picklist', { category: 'CTA_REASON', name: 'sandbox reason' })).status).toBe(400);
  });
});

describe('rate limit', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = createSandboxApp({ store: box.handle.store, accessKey: 'limited', rateLimit: { limit: 3, windowMs: 60_000 } });
    server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const hit = () => fetch(`${url}/v1/meta/services/objects`, { headers: { accesskey: 'limited' } });

  it('answers 429 with Retry-After past the limit, and logs it', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await hit()).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await hit();
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({ result: false, errorCode: 'GS_APIG_2429' });
    expect((await box.handle.requestLog({ status: 429 })).length).toBe(3);
  });

  it('counts in fixed windows: the count restarts when a window ends', async () => {
    let now = 1_000;
    const limiter = fixedWindowRateLimit({ limit: 2, windowMs: 100 }, () => now);
    const ctx = { set: () => undefined } as unknown as Parameters<typeof limiter>[0];
    const attempt = () => limiter(ctx, async () => undefined).then(() => 'ok', (e: { status?: number }) => e.status);
    expect([await attempt(), await attempt(), await attempt()]).toEqual(['ok', 'ok', 429]);
    now += 99;
    expect(await attempt()).toBe(429);
    now += 1;
    expect([await attempt(), await attempt(), await attempt()]).toEqual(['ok', 'ok', 429]);
  });

  it('refuses a nonsensical configuration', () => {
    expect(() => createSandboxApp({ store: box.handle.store, accessKey: 'x', rateLimit: { limit: 0, windowMs: 1000 } })).toThrow(/positive/);
  });
});
