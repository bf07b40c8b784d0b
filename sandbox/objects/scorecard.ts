import { field, ref, table, type ObjectDef } from './types.js';

/**
 * Scorecards are read only (Gainsight has no public scorecard write API). Object names follow the
 * style of Gainsight's scorecard objects; the exact names are (inferred).
 */
export const scorecardScheme: ObjectDef = {
  name: 'scorecard_scheme',
  label: 'Scorecard Scheme Range',
  table: table('scorecard_scheme'),
  gsidPrefix: '1B03',
  queryable: true,
  fields: [
    field('Gsid', 'gsid'),
    field('Name', 'string'),
    field('RangeFrom', 'number'),
    field('RangeTo', 'number'),
    field('Color', 'string'),
    field('DisplayOrder', 'integer'),
  ],
};

export const scorecardMaster: ObjectDef = {
  name: 'scorecard_master',
  label: 'Scorecard',
  table: table('scorecard_master'),
  gsidPrefix: '1B01',
  queryable: true,
  fields: [
    field('Gsid', 'gsid'),
    field('Name', 'string'),
    field('EntityType', 'string'),
    field('Description', 'string'),
    field('IsActive', 'boolean'),
    field('CreatedDate', 'datetime'),
  ],
};

export const scorecardMeasure: ObjectDef = {
  name: 'scorecard_measure',
  label: 'Scorecard Measure',
  table: table('scorecard_measure'),
  gsidPrefix: '1B02',
  queryable: true,
  fields: [
    field('Gsid', 'gsid'),
    field('Name', 'string'),
    ref('ScorecardId', 'scorecard_master'),
    field('Weight', 'number'),
    field('Description', 'string'),
    field('DisplayOrder', 'integer'),
    field('IsActive', 'boolean'),
  ],
};

/** Current and previous score of one measure for one company. */
export const scorecardFact: ObjectDef = {
  name: 'scorecard_fact',
  label: 'Scorecard Fact',
  table: table('scorecard_fact'),
  gsidPrefix: '1B04',
  queryable: true,
  fields: [
    field('Gsid', 'gsid'),
    ref('CompanyId', 'Company'),
    ref('ScorecardId', 'scorecard_master'),
    ref('MeasureId', 'scorecard_measure'),
    field('CurrentScore', 'number'),
    field('PreviousScore', 'number'),
    field('Trend', 'string'),
    field('ScoreLabel', 'string'),
    field('Comments', 'string'),
    field('ModifiedDate', 'datetime'),
  ],
};

/** Weekly overall score per company (18 weeks in the seed, as shown in the product). */
export const scorecardHistory: ObjectDef = {
  name: 'scorecard_history',
  label: 'Scorecard History',
  table: table('scorecard_history'),
  gsidPrefix: '1B05',
  queryable: true,
  fields: [
    field('Gsid', 'gsid'),
    ref('CompanyId', 'Company'),
    ref('ScorecardId', 'scorecard_master'),
    field('Score', 'number'),
    field('ScoreLabel', 'string'),
    field('WeekStartDate', 'date'),
    field('CreatedDate', 'datetime'),
  ],
};
