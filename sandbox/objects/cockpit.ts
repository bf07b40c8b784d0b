import { field, pick, ref, systemFields, table, type ObjectDef } from './types.js';

/** Cockpit CTAs. Objectives of a success plan are CTAs of type Objective with `SuccessPlanId`. */
export const callToAction: ObjectDef = {
  name: 'call_to_action',
  label: 'Call To Action',
  table: table('cta'),
  gsidPrefix: '1S01',
  queryable: true,
  fields: [
    ...systemFields(),
    field('Name', 'string'),
    ref('CompanyId', 'Company'),
    ref('RelationshipId', 'Relationship'),
    field('EntityType', 'string'),
    ref('OwnerId', 'gsuser'),
    pick('TypeId', 'CTA_TYPE'),
    pick('StatusId', 'CTA_STATUS'),
    pick('PriorityId', 'CTA_PRIORITY'),
    pick('ReasonId', 'CTA_REASON'),
    field('DueDate', 'date'),
    field('ClosedDate', 'date'),
    field('IsClosed', 'boolean'),
    field('IsImportant', 'boolean'),
    field('Comments', 'richtext'),
    ref('SuccessPlanId', 'cta_group'),
    field('Source', 'string'),
    field('ReferenceId', 'string'),
  ],
};

export const csTask: ObjectDef = {
  name: 'cs_task',
  label: 'Task',
  table: table('cs_task'),
  gsidPrefix: '1S02',
  queryable: true,
  fields: [
    ...systemFields(),
    field('Name', 'string'),
    ref('CTAId', 'call_to_action'),
    ref('CompanyId', 'Company'),
    ref('OwnerId', 'gsuser'),
    pick('Status', 'TASK_STATUS'),
    pick('Priority', 'TASK_PRIORITY'),
    field('DueDate', 'date'),
    field('ClosedDate', 'date'),
    field('IsClosed', 'boolean'),
    field('Description', 'richtext'),
    field('ReferenceId', 'string'),
  ],
};

/** Success plans (`cta_group` in Gainsight's data model). */
export const ctaGroup: ObjectDef = {
  name: 'cta_group',
  label: 'Success Plan',
  table: table('success_plan'),
  gsidPrefix: '1S03',
  queryable: true,
  fields: [
    ...systemFields(),
    field('Name', 'string'),
    ref('CompanyId', 'Company'),
    ref('RelationshipId', 'Relationship'),
    field('EntityType', 'string'),
    ref('OwnerId', 'gsuser'),
    pick('TypeId', 'SUCCESS_PLAN_TYPE'),
    pick('StatusId', 'SUCCESS_PLAN_STATUS'),
    field('StartDate', 'date'),
    field('DueDate', 'date'),
    field('ClosedDate', 'date'),
    field('IsClosed', 'boolean'),
    field('Comments', 'richtext'),
    field('ReferenceId', 'string'),
  ],
};
