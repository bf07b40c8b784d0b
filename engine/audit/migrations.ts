import type { MigrationSet } from '../store/index.js';

/** The audit log of write tool calls, in its own `audit` schema. Rows are only ever appended and completed. */
export const auditMigrations: MigrationSet = {
  namespace: 'audit',
  migrations: [
    {
      id: '001-events',
      sql: `
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  request_id text NOT NULL,
  subject text,
  client_id text,
  service text NOT NULL,
  tool text NOT NULL,
  -- SHA-256 of the canonical JSON of the arguments: proves what was sent without keeping it.
  args_digest text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('pending', 'refused', 'succeeded', 'failed')),
  reason text,
  upstream_status integer,
  upstream_requests integer NOT NULL DEFAULT 0
);
CREATE INDEX events_at ON events (at);
CREATE INDEX events_subject_at ON events (subject, at);
`,
    },
  ],
};
