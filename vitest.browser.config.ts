import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the sign-in and consent pages in a real browser (Debian's chromium,
// driven by playwright-core). The test fails, never skips, when /usr/bin/chromium is missing, and
// nothing here ever downloads a browser.
export default defineConfig({
  test: {
    include: ['test/**/*.browser.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  },
});
