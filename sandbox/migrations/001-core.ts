import type { Migration } from '../../engine/store/index.js';

/** Users, picklists, companies, relationships and people. Ids are Gainsight-style GSIDs. */
export const core: Migration = {
  id: '001-core',
  sql: `
CREATE TABLE gsuser (
  gsid text PRIMARY KEY,
  name text NOT NULL,
  first_name text,
  last_name text,
  email text NOT NULL UNIQUE,
  title text,
  is_active_user boolean NOT NULL DEFAULT true,
  created_date timestamptz NOT NULL DEFAULT now(),
  modified_date timestamptz NOT NULL DEFAULT now(),
  created_by text,
  modified_by text
);

CREATE TABLE picklist (
  gsid text PRIMARY KEY,
  category text NOT NULL,
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  is_default boolean NOT NULL DEFAULT false,
  -- For status categories: choosing this item closes the CTA, task or plan.
  is_closed boolean NOT NULL DEFAULT false,
  display_order integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX picklist_category_name ON picklist (category, lower(name));

CREATE TABLE company (
  gsid text PRIMARY KEY,
  name text NOT NULL,
  arr double precision,
  mrr double precision,
  industry text,
  employees integer,
  stage text,
  status text,
  renewal_date date,
  original_contract_date date,
  lifecycle_in_weeks integer,
  csm text,
  parent_company text,
  company_type text,
  tags text[],
  nps integer,
  csat double precision,
  current_score double precision,
  previous_score double precision,
  scorecard_id text,
  trend text,
  created_date timestamptz NOT NULL DEFAULT now(),
  modified_date timestamptz NOT NULL DEFAULT now(),
  created_by text,
  modified_by text
);
CREATE UNIQUE INDEX company_name ON company (lower(name));
CREATE INDEX company_csm ON company (csm);
CREATE INDEX company_renewal ON company (renewal_date);

CREATE TABLE relationship_type (
  gsid text PRIMARY KEY,
  name text NOT NULL,
  created_date timestamptz NOT NULL DEFAULT now(),
  modified_date timestamptz NOT NULL DEFAULT now(),
  created_by text,
  modified_by text
);

CREATE TABLE relationship (
  gsid text PRIMARY KEY,
  name text NOT NULL,
  company_id text NOT NULL,
  relationship_type_id text,
  csm text,
  arr double precision,
  status text,
  renewal_date date,
  created_date timestamptz NOT NULL DEFAULT now(),
  modified_date timestamptz NOT NULL DEFAULT now(),
  created_by text,
  modified_by text
);
CREATE INDEX relationship_company ON relationship (company_id);

CREATE TABLE person (
  gsid text PRIMARY KEY,
  name text NOT NULL,
  first_name text,
  last_name text,
  email text,
  phone text,
  location text,
  created_date timestamptz NOT NULL DEFAULT now(),
  modified_date timestamptz NOT NULL DEFAULT now(),
  created_by text,
  modified_by text
);

CREATE TABLE company_person (
  gsid text PRIMARY KEY,
  person_id text NOT NULL,
  company_id text NOT NULL,
  title text,
  role text,
  is_primary_company boolean NOT NULL DEFAULT true,
  active boolean NOT NULL DEFAULT true,
  created_date timestamptz NOT NULL DEFAULT now(),
  modified_date timestamptz NOT NULL DEFAULT now(),
  created_by text,
  modified_by text
);
CREATE INDEX company_person_company ON company_person (company_id);
CREATE INDEX company_person_person ON company_person (person_id);
`,
};
