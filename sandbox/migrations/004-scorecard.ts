import type { Migration } from '../../engine/store/index.js';

export const scorecard: Migration = {
  id: '004-scorecard',
  sql: `
CREATE TABLE scorecard_scheme (
  gsid text PRIMARY KEY,
  name text NOT NULL,
  range_from double precision NOT NULL,
  range_to double precision NOT NULL,
  color text NOT NULL,
  display_order integer NOT NULL
);

CREATE TABLE scorecard_master (
  gsid text PRIMARY KEY,
  name text NOT NULL,
  entity_type text NOT NULL DEFAULT 'COMPANY',
  description text,
  is_active boolean NOT NULL DEFAULT true,
  created_date timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE scorecard_measure (
  gsid text PRIMARY KEY,
  name text NOT NULL,
  scorecard_id text NOT NULL,
  weight double precision NOT NULL,
  description text,
  display_order integer NOT NULL,
  is_active boolean NOT NULL DEFAULT true
);

CREATE TABLE scorecard_fact (
  gsid text PRIMARY KEY,
  company_id text NOT NULL,
  scorecard_id text NOT NULL,
  measure_id text NOT NULL,
  current_score double precision,
  previous_score double precision,
  trend text,
  score_label text,
  comments text,
  modified_date timestamptz NOT NULL DEFAULT now(),
  UNIQUE (company_id, measure_id)
);

CREATE TABLE scorecard_history (
  gsid text PRIMARY KEY,
  company_id text NOT NULL,
  scorecard_id text NOT NULL,
  score double precision NOT NULL,
  score_label text NOT NULL,
  week_start_date date NOT NULL,
  created_date timestamptz NOT NULL DEFAULT now(),
  UNIQUE (company_id, week_start_date)
);
`,
};
