import { field, pick, ref, systemFields, table, type ObjectDef } from './types.js';

/** Users of the tenant (CSMs, managers); targets of `Csm`, `OwnerId`, `AuthorId`. */
export const gsuser: ObjectDef = {
  name: 'gsuser',
  label: 'User',
  table: table('gsuser'),
  gsidPrefix: '1P01',
  queryable: true,
  fields: [
    ...systemFields(),
    field('Name', 'string'),
    field('FirstName', 'string'),
    field('LastName', 'string'),
    field('Email', 'email'),
    field('Title', 'string'),
    field('IsActiveUser', 'boolean'),
  ],
};

export const company: ObjectDef = {
  name: 'Company',
  label: 'Company',
  table: table('company'),
  gsidPrefix: '1P02',
  queryable: true,
  fields: [
    ...systemFields(),
    field('Name', 'string'),
    field('Arr', 'number', { label: 'ARR' }),
    field('Mrr', 'number', { label: 'MRR' }),
    pick('Industry', 'COMPANY_INDUSTRY'),
    field('Employees', 'integer'),
    pick('Stage', 'COMPANY_STAGE'),
    pick('Status', 'COMPANY_STATUS'),
    field('RenewalDate', 'date'),
    field('OriginalContractDate', 'date'),
    field('LifecycleInWeeks', 'integer'),
    ref('Csm', 'gsuser', { label: 'CSM' }),
    ref('ParentCompany', 'Company'),
    pick('CompanyType', 'COMPANY_TYPE'),
    field('Tags', 'multi', { picklist: 'COMPANY_TAGS' }),
    field('Nps', 'integer', { label: 'NPS' }),
    field('Csat', 'number', { label: 'CSAT' }),
    field('CurrentScore', 'number'),
    field('PreviousScore', 'number'),
    ref('ScorecardId', 'scorecard_master'),
    field('Trend', 'string'),
  ],
};

export const relationshipType: ObjectDef = {
  name: 'RelationshipType',
  label: 'Relationship Type',
  table: table('relationship_type'),
  gsidPrefix: '1P06',
  queryable: true,
  fields: [...systemFields(), field('Name', 'string')],
};

export const relationship: ObjectDef = {
  name: 'Relationship',
  label: 'Relationship',
  table: table('relationship'),
  gsidPrefix: '1P05',
  queryable: true,
  fields: [
    ...systemFields(),
    field('Name', 'string'),
    ref('CompanyId', 'Company'),
    ref('RelationshipTypeId', 'RelationshipType'),
    ref('Csm', 'gsuser', { label: 'CSM' }),
    field('Arr', 'number', { label: 'ARR' }),
    pick('Status', 'COMPANY_STATUS'),
    field('RenewalDate', 'date'),
  ],
};

export const person: ObjectDef = {
  name: 'Person',
  label: 'Person',
  table: table('person'),
  gsidPrefix: '1C01',
  queryable: true,
  fields: [
    ...systemFields(),
    field('Name', 'string'),
    field('FirstName', 'string'),
    field('LastName', 'string'),
    field('Email', 'email'),
    field('Phone', 'string'),
    field('Location', 'string'),
  ],
};

export const companyPerson: ObjectDef = {
  name: 'Company_Person',
  label: 'Company Person',
  table: table('company_person'),
  gsidPrefix: '1C03',
  queryable: true,
  fields: [
    ...systemFields(),
    ref('Person_ID', 'Person'),
    ref('Company_ID', 'Company'),
    field('Title', 'string'),
    field('Role', 'string'),
    field('IsPrimaryCompany', 'boolean'),
    field('Active', 'boolean'),
  ],
};

/** Internal: target of `__gr` traversal from picklist fields (`Stage__gr.Name`). */
export const picklist: ObjectDef = {
  name: 'picklist',
  label: 'Picklist Item',
  table: table('picklist'),
  gsidPrefix: '1I00',
  queryable: false,
  fields: [
    field('Gsid', 'gsid'),
    field('Category', 'string'),
    field('Name', 'string'),
    field('Active', 'boolean'),
    field('IsDefault', 'boolean'),
    field('IsClosed', 'boolean'),
    field('DisplayOrder', 'integer'),
  ],
};
