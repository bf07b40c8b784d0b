import type { CallCheck } from './check.js';

/**
 * Actions refused on purpose, with the pack's reason, so that the model can tell the user the
 * truth ("deleting CTAs is not supported here because…") instead of a generic failure. Runs
 * before input validation: a refused context must get its reason, not an enum error.
 */
export const notSupportedCheck: CallCheck = {
  name: 'not-supported',
  run({ tool, args }) {
    for (const rule of tool.policy.refusedContexts) {
      if (args[rule.param] === rule.context) {
        return { check: 'not-supported', code: 'not_supported', message: `Not supported: ${rule.reason}` };
      }
    }
    const refused = tool.policy.refusedWrites[0];
    if (refused) return { check: 'not-supported', code: 'not_supported', message: `Not supported: ${refused.reason}` };
    return undefined;
  },
};
