/**
 * The data directory that means "in memory": an embedded PGlite store with nothing on disk (tests,
 * `--data-dir memory://`). PGlite's own spelling, accepted as given.
 */
export const MEMORY = 'memory://';
