import type { Migration } from '../../engine/store/index.js';

/** Timeline activities and their types. ExternalId is unique per tenant (Gainsight's rule). */
export const timeline: Migration = {
  id: '003-timeline',
  sql: `
CREATE TABLE activity_type (
  gsid text PRIMARY KEY,
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  contexts text[] NOT NULL,
  display_order integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX activity_type_name ON activity_type (lower(name));

CREATE TABLE activity_timeline (
  gsid text PRIMARY KEY,
  external_id text UNIQUE,
  subject text NOT NULL,
  notes text,
  activity_date timestamptz NOT NULL,
  context_name text NOT NULL,
  type_name text NOT NULL,
  type_id text,
  author_id text,
  gs_company_id text,
  gs_relationship_id text,
  cta_id text,
  success_plan_id text,
  scorecard_measure_id text,
  internal_attendees text[],
  external_attendees text[],
  source text NOT NULL DEFAULT 'API',
  created_date timestamptz NOT NULL DEFAULT now(),
  last_modified_date timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_company ON activity_timeline (gs_company_id, activity_date);
CREATE INDEX activity_by_date ON activity_timeline (activity_date);
`,
};
