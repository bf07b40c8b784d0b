/** The line a bench child process prints once it is listening; the harness waits for it. */
export const READY_PREFIX = 'BENCH_READY ';

export function announceReady(facts: Record<string, unknown>): void {
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(facts)}\n`);
}

/** Close on SIGTERM/SIGINT, then exit; a second signal exits at once. */
export function stopOnSignal(close: () => Promise<unknown>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
