/** The Gainsight-compatible sandbox upstream: public surface. */
export { startSandbox, DEV_ACCESS_KEY, DEFAULT_DATA_DIR, type StartSandboxOptions, type SandboxHandle } from './start.js';
export { createSandboxApp, API_USER_ID, type SandboxAppOptions } from './app.js';
export { runSandboxCommand } from './cli.js';
export { readRequestLog, type RequestLogFilter, type RequestLogRow } from './request-log.js';
export { generateSeed, seedSandbox, DEFAULT_SEED, type SeedOptions, type SeedReport } from './seed/index.js';
export { sandboxMigrations } from './migrations/index.js';
export type { SandboxLogger } from './http/state.js';
