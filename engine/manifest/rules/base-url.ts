import { findBadEnvReference, interpolateEnv } from '../env.js';
import type { LintRule } from './rule.js';

const LOOPBACK = /^(localhost|.*\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Tools' paths are appended to the base URL, so it decides where every request goes. */
export const baseUrl: LintRule = {
  id: 'base-url',
  description: '`upstream.baseUrl` is an http(s) URL without query or fragment once env defaults are applied; plain http only to loopback.',
  check(context, report) {
    for (const pack of context.packs) {
      const raw = pack.service.upstream.baseUrl;
      if (findBadEnvReference(raw) !== undefined) continue; // reported by env-reference
      // Lint never reads the environment: with no default, the value is only known at deploy time.
      const { value, missing } = interpolateEnv(raw, {});
      // An empty default (`${URL:-}`) means "unset": the runtime then starts an embedded upstream.
      if (missing.length > 0 || value.trim() === '') continue;
      const at = ['upstream', 'baseUrl'];
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        report(pack.doc, at, `\`${value}\` (defaults applied) is not an absolute URL; write e.g. \`\${UPSTREAM_URL:-https://api.example.com}/v1\`.`);
        continue;
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        report(pack.doc, at, `The base URL must use https (or http to a loopback host), not \`${url.protocol}\`.`);
      else if (url.search || url.hash)
        report(pack.doc, at, 'The base URL must not have a query or fragment: tool paths are appended to it. Move query parameters into the tools\' `request.query`.');
      else if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname))
        report(pack.doc, at, `Plain http to \`${url.hostname}\` sends credentials and data unencrypted; use https (http is meant for loopback development upstreams).`, { severity: 'warning' });
    }
  },
};
