import { callToAction, csTask, ctaGroup } from './cockpit.js';
import { company, companyPerson, gsuser, person, picklist, relationship, relationshipType } from './core.js';
import { scorecardFact, scorecardHistory, scorecardMaster, scorecardMeasure, scorecardScheme } from './scorecard.js';
import { activityTimeline, activityType } from './timeline.js';
import type { FieldDef, ObjectDef } from './types.js';

export * from './types.js';
export { callToAction, csTask, ctaGroup, company, companyPerson, gsuser, person, picklist, relationship };
export { relationshipType, activityTimeline, activityType };
export { scorecardFact, scorecardHistory, scorecardMaster, scorecardMeasure, scorecardScheme };

const all: readonly ObjectDef[] = [
  company,
  relationship,
  relationshipType,
  person,
  companyPerson,
  gsuser,
  callToAction,
  csTask,
  ctaGroup,
  activityTimeline,
  activityType,
  scorecardMaster,
  scorecardMeasure,
  scorecardScheme,
  scorecardFact,
  scorecardHistory,
  picklist,
];

const byName = new Map(all.map((o) => [o.name.toLowerCase(), o]));
const fieldIndex = new Map(all.map((o) => [o, new Map(o.fields.map((f) => [f.name.toLowerCase(), f]))]));

/** Object names are matched case-insensitively, as Gainsight does for `company` vs `Company`. */
export function findObject(name: string): ObjectDef | undefined {
  return byName.get(name.toLowerCase());
}

export function findField(object: ObjectDef, name: string): FieldDef | undefined {
  return fieldIndex.get(object)?.get(name.toLowerCase());
}

export function queryableObjects(): ObjectDef[] {
  return all.filter((o) => o.queryable);
}
