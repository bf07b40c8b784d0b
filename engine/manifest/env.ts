/**
 * `${NAME}` and `${NAME:-default}` references, resolved once at load. Only these two forms exist,
 * so a value can be checked for "is it a pure env reference" (credentials must be).
 */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface EnvResolution {
  value: string;
  /** Referenced variables that were unset and had no default. */
  missing: string[];
}

export function interpolateEnv(text: string, env: NodeJS.ProcessEnv = process.env): EnvResolution {
  const missing: string[] = [];
  const value = text.replace(REFERENCE, (_match, name: string, fallback: string | undefined) => {
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return '';
  });
  return { value, missing };
}

/** True when the whole value is one env reference, e.g. `${GAINSIGHT_ACCESS_KEY}`. */
export function isPureEnvReference(text: string): boolean {
  return /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/.test(text.trim());
}

/** Malformed references such as `${lower case}` or an unclosed `${`. */
export function findBadEnvReference(text: string): string | undefined {
  const stripped = text.replace(REFERENCE, '');
  const bad = /\$\{[^}]*\}?/.exec(stripped);
  return bad?.[0];
}
