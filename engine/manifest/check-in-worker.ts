import { Worker } from 'node:worker_threads';
import { ToolgateError } from '../errors.js';
import type { CheckedManifests, PackData } from './check.js';
import type { Diagnostic } from './diagnostic.js';

/** What check-worker.ts posts, in this order: plain data only (structured clone). */
export type WorkerMessage =
  | { kind: 'loaded'; packs: PackData[] }
  | { kind: 'linted'; diagnostics: Diagnostic[] }
  | { kind: 'failed'; error: { name: string; message: string; stack?: string } };

/** A manifest check under way. */
export interface ManifestCheck {
  /**
   * The packs as soon as they are loaded, before the lint has judged them: work may start on
   * them (serve compiles them) but nothing may be reported or served before `checked`.
   */
  loaded: Promise<PackData[]>;
  checked: Promise<CheckedManifests>;
}

export interface CheckInWorkerOptions {
  /** The worker's entry module; tests replace it with one that fails. */
  entry?: URL;
}

/** The worker thread ended without answering (it crashed, or its modules did not load). */
export class ManifestCheckError extends ToolgateError {
  constructor(message: string, cause?: unknown) {
    super('manifest_check_failed', message, { status: 500, expose: false, cause });
  }
}

const FROM_SOURCES = import.meta.url.endsWith('.ts');
const WORKER_ENTRY = new URL('./check-worker.js', import.meta.url);

/**
 * How `toolgate serve` checks its manifests: on a worker thread when it runs from the build
 * (dist/, bin/toolgate.js); in-process when it runs from the TypeScript sources (tests, `tsx`),
 * where a worker cannot load them: on Node 20 tsx registers no loader in worker threads, and
 * vitest has none to give. Both give the same data and the same errors;
 * test/e2e/check-worker.test.ts runs the worker from a build of the sources.
 */
export function checkManifestsOffThread(paths: readonly string[]): ManifestCheck {
  if (!FROM_SOURCES) return checkManifestsInWorker(paths);
  // Imported only here: a thread that hands the check to a worker never loads the linter.
  const checked = import('./check.js').then((check) => check.checkManifests(paths));
  const loaded = checked.then((c) => c.packs);
  // Awaited later, or (`loaded`) never: meanwhile a rejection is not unhandled.
  for (const pending of [checked, loaded]) pending.catch(() => undefined);
  return { loaded, checked };
}

/**
 * checkManifests (check.ts) on a worker thread. `toolgate serve` starts it first, so that reading,
 * validating and linting the manifests (~1 s over 1,000 tools) runs on a second core while the
 * main thread loads the server's modules, opens the store and compiles the loaded packs. The
 * lint's garbage stays in the worker's heap, which goes with the thread, instead of growing the
 * server's heap for good.
 *
 * An error the check throws is rethrown here with its name, message and stack; a worker that
 * ends without answering is a ManifestCheckError, so a failure is never a wait without end.
 */
export function checkManifestsInWorker(paths: readonly string[], options: CheckInWorkerOptions = {}): ManifestCheck {
  const loaded = deferred<PackData[]>();
  const checked = deferred<CheckedManifests>();
  const check = { loaded: loaded.promise, checked: checked.promise };
  const fail = (error: Error) => {
    loaded.reject(error);
    checked.reject(error);
  };
  let worker: Worker;
  try {
    // The check makes a lot of short-lived garbage (YAML events, JSONata trees); a small young
    // generation keeps the worker's share of the start-up peak down (1,000 tools, bench --scale:
    // peak RSS 266 → 237 MB, same cold start).
    worker = new Worker(options.entry ?? WORKER_ENTRY, { workerData: [...paths], resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  } catch (error) {
    fail(new ManifestCheckError(`Could not start the manifest check: ${(error as Error).message}`, error));
    return check;
  }
  let packs: PackData[] = [];
  let done = false;
  const finish = (end: () => void) => {
    if (done) return;
    done = true;
    // Its work is done: ending it now frees its heap without waiting for it to wind down.
    void worker.terminate();
    end();
  };
  worker.on('message', (message: WorkerMessage) => {
    if (message.kind === 'loaded') loaded.resolve((packs = message.packs));
    else if (message.kind === 'linted') finish(() => checked.resolve({ packs, diagnostics: message.diagnostics }));
    else finish(() => fail(rethrown(message.error)));
  });
  worker.once('messageerror', (error) => finish(() => fail(new ManifestCheckError(`The manifest check's answer could not be read: ${error.message}`, error))));
  worker.once('error', (error) => finish(() => fail(new ManifestCheckError(`The manifest check failed: ${error.message}`, error))));
  worker.once('exit', (code) => finish(() => fail(new ManifestCheckError(`The manifest check ended (exit code ${code}) without an answer.`))));
  return check;
}

/** A promise settled from outside. Its rejection counts as handled: the caller may await it later, or never. */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

function rethrown({ name, message, stack }: { name: string; message: string; stack?: string }): Error {
  const error = new Error(message);
  error.name = name;
  if (stack) error.stack = stack;
  return error;
}
