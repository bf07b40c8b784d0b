import type { CallCheck } from './check.js';

/** Every scope the tool declares must be granted to the token (least privilege, deny by default). */
export const scopesCheck: CallCheck = {
  name: 'scopes',
  run({ tool, principal }) {
    if (!principal) return undefined;
    const missing = tool.scopes.filter((s) => !principal.scopes.includes(s));
    if (missing.length === 0) return undefined;
    return {
      check: 'scopes',
      code: 'insufficient_scope',
      message: `This tool needs the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which the user's access does not include. Ask the user to reconnect with ${tool.effect === 'write' ? 'write' : 'read'} access; retrying will not help.`,
    };
  },
};
