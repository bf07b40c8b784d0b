import { defineConfig } from 'vitest/config';

// The default suite needs nothing but `npm ci`: PostgreSQL-server tests live in *.pg.test.ts and
// run only through `npm run test:postgres` (vitest.postgres.config.ts), which needs DATABASE_URL;
// real-browser tests live in *.browser.test.ts and run through `npm run test:browser`.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.pg.test.ts', 'test/**/*.browser.test.ts', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
