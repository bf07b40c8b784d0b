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
    {
      id: '002-event-functions',
      // Every write call runs both statements. As PL/pgSQL functions their plans are prepared once
      // per connection instead of on every call: in PGlite the pair costs ~410 µs of CPU instead
      // of ~650 µs (measured with 1,000 pairs, the same way as auth's token_state).
      sql: `
CREATE FUNCTION open_event(p_request_id text, p_subject text, p_client_id text, p_service text, p_tool text, p_args_digest text, p_outcome text, p_reason text)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_id bigint;
BEGIN
  INSERT INTO audit.events (request_id, subject, client_id, service, tool, args_digest, outcome, reason)
  VALUES (p_request_id, p_subject, p_client_id, p_service, p_tool, p_args_digest, p_outcome, p_reason)
  RETURNING id INTO v_id;
  RETURN v_id;
END
$$;

CREATE FUNCTION close_event(p_id bigint, p_outcome text, p_reason text, p_upstream_status integer, p_upstream_requests integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE audit.events SET outcome = p_outcome, reason = p_reason, upstream_status = p_upstream_status,
    upstream_requests = p_upstream_requests, finished_at = now()
  WHERE id = p_id;
END
$$;
`,
    },
    {
      id: '003-drop-event-functions',
      // The store now prepares each statement once (engine/store/pglite-prepared.ts), and the log
      // writes the rows of concurrent calls together (group-commit.ts, statements.ts): the plain
      // statements replaced the functions, which only added a PL/pgSQL call to each.
      sql: `
DROP FUNCTION open_event(text, text, text, text, text, text, text, text);
DROP FUNCTION close_event(bigint, text, text, integer, integer);
`,
    },
  ],
};
