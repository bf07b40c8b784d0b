import { describe, expect, it } from 'vitest';
import { useSandbox } from './helpers.js';

const box = useSandbox();

describe('request log under concurrent requests', () => {
  it('holds every request, each written before it is answered', async () => {
    const since = new Date(Date.now() - 1000);
    const before = (await box.handle.requestLog({ since })).length;
    let answered = 0;
    const logged: number[] = [];
    await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const response = await fetch(`${box.handle.url}/v2/cockpit/admin/picklist/lite?category=CTA_TYPE&n=${i}`, {
          headers: i % 3 === 0 ? {} : { accesskey: box.handle.accessKey },
        });
        await response.arrayBuffer();
        answered += 1;
        const atLeast = answered;
        logged.push((await box.handle.requestLog({ since })).length - before - atLeast);
      }),
    );
    expect(logged.every((extra) => extra >= 0)).toBe(true);
    const rows = (await box.handle.requestLog({ since })).filter((r) => r.path === '/v2/cockpit/admin/picklist/lite' && r.query.includes('&n='));
    expect(rows).toHaveLength(24);
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => a - b));
    for (const row of rows) {
      const n = Number(/n=(\d+)/.exec(row.query)?.[1]);
      expect(row).toMatchObject(n % 3 === 0 ? { status: 401, errorCode: 'GS_APIG_2401' } : { status: 200, errorCode: null });
    }
  });
});
