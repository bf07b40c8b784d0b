import { describe, expect, it } from 'vitest';
import { openStore } from '../../engine/store/index.js';
import { runStoreContract } from './store-contract.js';

/** Run by `npm run test:postgres` only. A missing or unreachable server is a failure, not a skip. */
function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the PostgreSQL contract suite needs a server');
  return url;
}

describe('PostgreSQL server', () => {
  it('is configured and reachable', async () => {
    const store = await openStore({ databaseUrl: databaseUrl() });
    expect(store.kind).toBe('postgres');
    await store.close();
  });
});

runStoreContract('PostgreSQL', () => openStore({ databaseUrl: databaseUrl() }));
