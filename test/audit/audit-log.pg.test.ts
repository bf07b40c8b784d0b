import { openStore } from '../../engine/store/index.js';
import { runAuditLogContract } from './audit-log-contract.js';

/** Run by `npm run test:postgres` only. A missing or unreachable server is a failure, not a skip. */
function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the PostgreSQL audit suite needs a server');
  return url;
}

runAuditLogContract('PostgreSQL', () => openStore({ databaseUrl: databaseUrl() }));
