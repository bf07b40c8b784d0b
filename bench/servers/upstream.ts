/**
 * The one upstream every row of the benchmark calls: the Gainsight-compatible sandbox, in its own
 * process, in-memory PGlite, no rate limit (the sandbox's default), no request logging to stdout.
 */
import { startSandbox } from '../../sandbox/start.js';
import { announceReady, stopOnSignal } from '../lib/ready.js';

const sandbox = await startSandbox({
  host: '127.0.0.1',
  port: 0,
  dataDir: 'memory://',
  accessKey: process.env.BENCH_ACCESS_KEY ?? 'toolgate-bench-access-key',
  // Pinned so that seeded dates, and so the answers, are the same on every run.
  now: new Date('2026-01-15T09:00:00Z'),
});
announceReady({ url: sandbox.url, accessKey: sandbox.accessKey, startupMs: sandbox.startupMs });
stopOnSignal(() => sandbox.close());
