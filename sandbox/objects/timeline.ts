import { field, ref, table, type ObjectDef } from './types.js';

/** Timeline activities. Field names follow Gainsight's `activity_timeline` object. */
export const activityTimeline: ObjectDef = {
  name: 'activity_timeline',
  label: 'Timeline Activity',
  table: table('activity_timeline'),
  gsidPrefix: '1A01',
  queryable: true,
  fields: [
    field('Gsid', 'gsid'),
    field('ExternalId', 'string'),
    field('Subject', 'string'),
    field('Notes', 'richtext'),
    field('ActivityDate', 'datetime'),
    field('ContextName', 'string'),
    field('TypeName', 'string'),
    ref('TypeId', 'activity_type'),
    ref('AuthorId', 'gsuser'),
    ref('GsCompanyId', 'Company'),
    ref('GsRelationshipId', 'Relationship'),
    ref('CtaId', 'call_to_action'),
    ref('SuccessPlanId', 'cta_group'),
    ref('ScorecardMeasureId', 'scorecard_measure'),
    field('internalAttendees', 'multi', { lookup: 'gsuser' }),
    field('externalAttendees', 'multi', { lookup: 'Person' }),
    field('Source', 'string'),
    field('CreatedDate', 'datetime'),
    field('LastModifiedDate', 'datetime'),
  ],
};

export const activityType: ObjectDef = {
  name: 'activity_type',
  label: 'Timeline Activity Type',
  table: table('activity_type'),
  gsidPrefix: '1A02',
  queryable: true,
  fields: [
    field('Gsid', 'gsid'),
    field('Name', 'string'),
    field('Active', 'boolean'),
    field('Contexts', 'multi'),
    field('DisplayOrder', 'integer'),
  ],
};
