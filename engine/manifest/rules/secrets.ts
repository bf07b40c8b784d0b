import { findBadEnvReference, isPureEnvReference } from '../env.js';
import { eachTool, type LintRule } from './rule.js';

const CREDENTIAL_WORDS = ['authorization', 'apikey', 'accesskey', 'secret', 'token', 'cookie', 'password', 'passwd', 'credential', 'session', 'signature', 'privatekey'];

/** Header names that carry credentials: `Authorization`, `accesskey`, `x-api-key`, `X-Auth-Token`… */
export function isCredentialHeader(name: string): boolean {
  const lower = name.toLowerCase();
  const joined = lower.replace(/[^a-z0-9]/g, '');
  return CREDENTIAL_WORDS.some((w) => joined.includes(w)) || lower.split(/[^a-z0-9]+/).includes('auth');
}

/** Known token formats, or a long random-looking mix of letters and digits. */
export function looksLikeSecret(text: string): boolean {
  const value = text.replace(/^(bearer|basic|token)\s+/i, '').trim();
  if (/^(sk|pk|rk)[-_]|^gh[pousr]_|^github_pat_|^glpat-|^xox[abprs]-|^AKIA[0-9A-Z]{16}$|^eyJ[\w-]+\.[\w-]+\./.test(value)) return true;
  return value.length >= 20 && !/\s/.test(value) && /[a-z]/i.test(value) && /\d/.test(value) && entropy(value) >= 3.5;
}

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

const DEFAULT = /^\s*\$\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)\}\s*$/;

/** A credential in a manifest ends up in git, in CI logs and in every copy of the pack. */
export const inlineSecret: LintRule = {
  id: 'inline-secret',
  description: 'Credential headers of the upstream are pure `${ENV}` references; no credentials in `upstream.baseUrl`.',
  check(context, report) {
    for (const pack of context.packs) {
      const { headers, baseUrl } = pack.service.upstream;
      for (const [name, value] of Object.entries(headers ?? {}))
        if (value !== undefined && isCredentialHeader(name) && !isPureEnvReference(value))
          report(pack.doc, ['upstream', 'headers', name], `The credential header \`${name}\` is written inline; make its whole value an environment reference such as \`\${${envName(name)}}\` and set the variable at deploy time.`);
      if (/\/\/[^/@]*:[^/@]*@/.test(baseUrl.replace(/\$\{[^}]*\}/g, '')))
        report(pack.doc, ['upstream', 'baseUrl'], 'The base URL carries a user and password; remove them and send credentials in an `upstream.headers` entry taken from an `${ENV}` variable.');
    }
  },
};

/** A default that is a real key would be used silently whenever the variable is unset. */
export const secretDefault: LintRule = {
  id: 'secret-default',
  description: 'The `${ENV:-default}` default of a credential header does not look like a real secret.',
  check(context, report) {
    for (const pack of context.packs)
      for (const [name, value] of Object.entries(pack.service.upstream.headers ?? {})) {
        const fallback = value !== undefined && isCredentialHeader(name) ? DEFAULT.exec(value)?.[1] : undefined;
        if (fallback !== undefined && looksLikeSecret(fallback))
          report(pack.doc, ['upstream', 'headers', name], `The default of \`${name}\` looks like a real secret; drop the default (\`\${VAR}\`) or use an obvious placeholder such as \`dev-key\`.`, { severity: 'warning' });
      }
  },
};

/** Credentials come from the service configuration, never from a tool (whose values the model may steer). */
export const credentialInTool: LintRule = {
  id: 'credential-in-tool',
  description: 'Tool requests set no credential headers; those belong in the service\'s `upstream.headers`.',
  check(context, report) {
    eachTool(context, (tool) => {
      for (const site of tool.requests)
        for (const name of Object.keys(site.request.headers ?? {}))
          if (isCredentialHeader(name))
            report(tool.doc, [...site.path, 'headers', name], `The tool sets the credential header \`${name}\`; remove it and send credentials from \`upstream.headers\` in ${tool.pack.doc.file} as an \`\${ENV}\` reference.`, { which: 'key' });
    });
  },
};

export const envReference: LintRule = {
  id: 'env-reference',
  description: '`${…}` references in `upstream.baseUrl` and `upstream.headers` are `${NAME}` or `${NAME:-default}`.',
  check(context, report) {
    for (const pack of context.packs) {
      const { baseUrl, headers } = pack.service.upstream;
      const values: Array<[Array<string>, string | undefined]> = [[['upstream', 'baseUrl'], baseUrl]];
      for (const [name, value] of Object.entries(headers ?? {})) values.push([['upstream', 'headers', name], value]);
      for (const [path, value] of values) {
        const bad = value === undefined ? undefined : findBadEnvReference(value);
        if (bad !== undefined)
          report(pack.doc, path, `\`${bad}\` is not an environment reference; write \`\${NAME}\` or \`\${NAME:-default}\` with NAME made of letters, digits and _ (not starting with a digit).`);
      }
    }
  },
};

function envName(header: string): string {
  return header.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '') || 'API_KEY';
}
