import { parentPort, workerData } from 'node:worker_threads';
import { checkManifests } from './check.js';
import type { WorkerMessage } from './check-in-worker.js';

// The worker thread of check-in-worker.ts: post the packs once loaded, the diagnostics once
// linted, then end. Whatever the check throws is posted too, so that the caller sees the same
// error as in-process.
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
try {
  const { diagnostics } = await checkManifests(workerData as string[], (packs) => post({ kind: 'loaded', packs }));
  post({ kind: 'linted', diagnostics });
} catch (error) {
  const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
  post({ kind: 'failed', error: { name, message, stack } });
}
