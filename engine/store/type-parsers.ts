/**
 * PGlite and node-postgres disagree on how some column types come back (node-postgres returns int8
 * as a string and reads `date` as local midnight; PGlite returns int8 as number or bigint). Both
 * implementations install these parsers so that callers see the same JavaScript values.
 */
export const OID = {
  INT8: 20,
  DATE: 1082,
  TIMESTAMP: 1114,
} as const;

/** int8 → number: counts and serial ids stay far below 2^53 in this project. */
function parseInt8(text: string): number {
  return Number(text);
}

/** date → 'YYYY-MM-DD': a calendar date has no time zone, so it must not become a Date. */
function parseDate(text: string): string {
  return text;
}

/** timestamp without time zone → Date read as UTC, never as the host's local time. */
function parseTimestamp(text: string): Date {
  return new Date(`${text.replace(' ', 'T')}Z`);
}

export const typeParsers: Record<number, (text: string) => unknown> = {
  [OID.INT8]: parseInt8,
  [OID.DATE]: parseDate,
  [OID.TIMESTAMP]: parseTimestamp,
};
