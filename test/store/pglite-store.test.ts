import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
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

describe('PGlite settings', () => {
  it('passes pgliteSettings to PostgreSQL, after the store\'s own', async () => {
    const plain = await openStore();
    const tuned = await openStore({ pgliteSettings: { shared_buffers: '4MB', work_mem: '1MB' } });
    try {
      expect((await plain.query('SHOW shared_buffers')).rows).toEqual([{ shared_buffers: '16MB' }]);
      expect((await tuned.query('SHOW shared_buffers')).rows).toEqual([{ shared_buffers: '4MB' }]);
      expect((await tuned.query('SHOW work_mem')).rows).toEqual([{ work_mem: '1MB' }]);
    } finally {
      await plain.close();
      await tuned.close();
    }
  });
});

describe('PGlite template cache', () => {
  it('replaces a corrupt template instead of failing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'toolgate-template-'));
    try {
      const manifest = await readFile(join('node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8');
      const { version } = JSON.parse(manifest) as { version: string };
      const file = join(dir, `toolgate-pglite-${version}.tar.gz`);
      await writeFile(file, 'not a tarball');
      const store = await openStore({ templateCache: dir });
      expect((await store.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await store.close();
      expect((await stat(file)).size).toBeGreaterThan(1_000_000);
      expect((await readdir(dir)).filter((f) => f.endsWith('.partial'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
