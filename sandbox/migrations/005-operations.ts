import type { Migration } from '../../engine/store/index.js';

/**
 * The request log lets tests prove what a client did NOT do ("no DELETE, no company write"): it
 * holds method, path, query string, status and timing, never headers or bodies (no secrets).
 */
export const operations: Migration = {
  id: '005-operations',
  sql: `
CREATE TABLE request_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  method text NOT NULL,
  path text NOT NULL,
  query text NOT NULL DEFAULT '',
  status integer NOT NULL,
  duration_ms integer NOT NULL,
  error_code text
);

CREATE TABLE seed_info (
  id integer PRIMARY KEY CHECK (id = 1),
  seed integer NOT NULL,
  base_date date NOT NULL,
  seeded_at timestamptz NOT NULL DEFAULT now(),
  counts jsonb NOT NULL
);
`,
};
