import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../engine/store/index.js';
import { runStoreContract } from './store-contract.js';

runStoreContract('PGlite in memory', () => openStore());

describe('PGlite on disk', () => {
  it('keeps data in its data directory across reopen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'toolgate-store-'));
    try {
      const first = await openStore({ dataDir: join(dir, 'db') });
      expect(first.kind).toBe('pglite');
      await first.exec("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
      await first.close();
      const second = await openStore({ dataDir: join(dir, 'db') });
      const { rows } = await second.query('SELECT v FROM kept');
      expect(rows).toEqual([{ v: 'still here' }]);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
