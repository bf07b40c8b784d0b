import type { CallCheck } from './check.js';
import { formatInputErrors } from './format-ajv.js';

/** Arguments must match the tool's input schema; unknown fields are refused (compiled in). */
export const inputValidCheck: CallCheck = {
  name: 'input-valid',
  run({ tool, args }) {
    if (tool.validateInput(args)) return undefined;
    return {
      check: 'input-valid',
      code: 'invalid_arguments',
      message: `Invalid arguments: ${formatInputErrors(tool.validateInput.errors ?? [], tool.inputNames)}. Correct them and call again.`,
    };
  },
};
