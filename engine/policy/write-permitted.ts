import type { CallCheck } from './check.js';

/**
 * Every declared write must fall within the service's permits, and a write's context (e.g. the
 * level of a timeline activity) within the permit's contexts. Checked at lint and load too; this
 * is the run-time half of defence in depth.
 */
export const writePermittedCheck: CallCheck = {
  name: 'write-permitted',
  run({ tool, args }) {
    for (const write of tool.policy.writes) {
      if (!write.permit) {
        return { check: 'write-permitted', code: 'write_not_permitted', message: `Not permitted: ${write.action} of ${write.object} is not allowed by this service's policy.` };
      }
      const contexts = write.permit.contexts;
      if (write.contextParam && contexts) {
        const value = args[write.contextParam];
        if (value !== undefined && !contexts.includes(String(value))) {
          return {
            check: 'write-permitted',
            code: 'write_not_permitted',
            message: `Not permitted: ${write.object} can be written only at ${contexts.join(', ')} level, not ${String(value)}.`,
          };
        }
      }
    }
    return undefined;
  },
};
