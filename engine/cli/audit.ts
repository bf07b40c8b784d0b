import { parseCommandArgs } from './args.js';
import { table, withAdminStore } from '../auth/admin-store.js';
import { AuditLog } from '../audit/audit-log.js';
import { ToolgateError } from '../errors.js';

const HELP = `Usage: toolgate audit [--since WHEN] [--user USER] [--limit N] [--json]

Lists the write tool calls recorded in the audit log, newest first: when, who (user and OAuth
client), which tool, the SHA-256 digest of its arguments, the outcome (succeeded, failed,
refused, or pending while in flight), the upstream status and the request id.

Options:
  --since WHEN   an ISO date or time (2026-01-31, 2026-01-31T09:00:00Z) or a duration back
                 from now (90m, 24h, 7d)
  --user USER    an email or a user id
  --limit N      at most N records (default 100)
  --json         one JSON array instead of a table
  --data-dir D   the gateway's PGlite directory (as for toolgate serve; default .data/gateway);
                 DATABASE_URL=postgres://… selects PostgreSQL
  -h, --help     show this help`;

export async function runAuditCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    'audit',
    argv,
    {
      options: {
        since: { type: 'string' },
        user: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    HELP,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const since = values.since === undefined ? undefined : parseSince(values.since);
  if (since === null) {
    console.error(`toolgate audit: --since must be an ISO date or time, or a duration such as 24h or 7d, not ${values.since}`);
    return 2;
  }
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    console.error('toolgate audit: --limit must be a positive integer');
    return 2;
  }
  try {
    return await withAdminStore(values['data-dir'], async (store, where) => {
      const records = await new AuditLog(store).list({ since, user: values.user, limit });
      if (values.json) {
        console.log(JSON.stringify(records, null, 2));
        return 0;
      }
      if (records.length === 0) {
        console.log(`No audited writes${values.user ? ` by ${values.user}` : ''}${since ? ` since ${since.toISOString()}` : ''} in ${where}.`);
        return 0;
      }
      console.log(
        table(
          ['TIME', 'USER', 'CLIENT', 'TOOL', 'OUTCOME', 'UPSTREAM', 'ARGUMENTS', 'REQUEST'],
          records.map((r) => [
            r.at.toISOString(),
            r.email ?? r.subject ?? '-',
            r.clientId ?? '-',
            `${r.service}/${r.tool}`,
            r.reason ? `${r.outcome} (${r.reason})` : r.outcome,
            r.upstreamStatus === null ? `${r.upstreamRequests} req` : `${r.upstreamStatus}, ${r.upstreamRequests} req`,
            r.argsDigest.slice(0, 19),
            r.requestId,
          ]),
        ),
      );
      return 0;
    });
  } catch (error) {
    if (error instanceof ToolgateError) {
      console.error(`toolgate audit: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** An ISO date/time, or a duration back from now (s, m, h, d, w); null when it is neither. */
export function parseSince(text: string, now = Date.now()): Date | null {
  const duration = /^(\d+)([smhdw])$/.exec(text.trim());
  if (duration) {
    const unit = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[duration[2] as 's' | 'm' | 'h' | 'd' | 'w'];
    return new Date(now - Number(duration[1]) * unit * 1000);
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}
