import type { Migration } from '../../engine/store/index.js';

/**
 * CTAs, tasks and success plans. reference_id is the caller's correlation id; a unique index
 * makes a resent create find the first one instead of adding a twin (sandbox behaviour, inferred).
 */
export const cockpit: Migration = {
  id: '002-cockpit',
  sql: `
CREATE TABLE success_plan (
  gsid text PRIMARY KEY,
  name text NOT NULL,
  company_id text NOT NULL,
  relationship_id text,
  entity_type text NOT NULL DEFAULT 'COMPANY',
  owner_id text,
  type_id text,
  status_id text,
  start_date date,
  due_date date,
  closed_date date,
  is_closed boolean NOT NULL DEFAULT false,
  comments text,
  reference_id text UNIQUE,
  created_date timestamptz NOT NULL DEFAULT now(),
  modified_date timestamptz NOT NULL DEFAULT now(),
  created_by text,
  modified_by text
);
CREATE INDEX success_plan_company ON success_plan (company_id);

CREATE TABLE cta (
  gsid text PRIMARY KEY,
  name text NOT NULL,
  company_id text NOT NULL,
  relationship_id text,
  entity_type text NOT NULL DEFAULT 'COMPANY',
  owner_id text,
  type_id text NOT NULL,
  status_id text NOT NULL,
  priority_id text,
  reason_id text,
  due_date date,
  closed_date date,
  is_closed boolean NOT NULL DEFAULT false,
  is_important boolean NOT NULL DEFAULT false,
  comments text,
  success_plan_id text,
  source text NOT NULL DEFAULT 'MANUAL',
  reference_id text UNIQUE,
  created_date timestamptz NOT NULL DEFAULT now(),
  modified_date timestamptz NOT NULL DEFAULT now(),
  created_by text,
  modified_by text
);
CREATE INDEX cta_company ON cta (company_id);
CREATE INDEX cta_owner ON cta (owner_id);
CREATE INDEX cta_due ON cta (due_date);
CREATE INDEX cta_success_plan ON cta (success_plan_id);

CREATE TABLE cs_task (
  gsid text PRIMARY KEY,
  name text NOT NULL,
  cta_id text NOT NULL,
  company_id text,
  owner_id text,
  status text,
  priority text,
  due_date date,
  closed_date date,
  is_closed boolean NOT NULL DEFAULT false,
  description text,
  reference_id text UNIQUE,
  created_date timestamptz NOT NULL DEFAULT now(),
  modified_date timestamptz NOT NULL DEFAULT now(),
  created_by text,
  modified_by text
);
CREATE INDEX cs_task_cta ON cs_task (cta_id);
`,
};
