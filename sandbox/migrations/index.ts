import type { MigrationSet } from '../../engine/store/index.js';
import { SCHEMA } from '../objects/index.js';
import { core } from './001-core.js';
import { cockpit } from './002-cockpit.js';
import { timeline } from './003-timeline.js';
import { scorecard } from './004-scorecard.js';
import { operations } from './005-operations.js';

/** The sandbox owns the `sandbox` schema; gateway components migrate their own. */
export const sandboxMigrations: MigrationSet = {
  namespace: SCHEMA,
  migrations: [core, cockpit, timeline, scorecard, operations],
};
