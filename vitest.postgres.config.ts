import { defineConfig } from 'vitest/config';

// `npm run test:postgres`: the suites that need a real PostgreSQL server. They read DATABASE_URL
// and fail (never skip) when it is missing or unreachable, so a CI job cannot pass vacuously.
export default defineConfig({
  test: {
    include: ['test/**/*.pg.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One server, shared schemas: files run one after another so they never race on DDL.
    fileParallelism: false,
  },
});
