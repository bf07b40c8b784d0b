import { openStore } from '../../engine/store/index.js';
import { runAuthStoreContract } from './adapter-contract.js';

/** Run by `npm run test:postgres` only: a missing DATABASE_URL is a failure, not a skip. */
runAuthStoreContract('PostgreSQL', () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the auth store suite needs a PostgreSQL server');
  return openStore({ databaseUrl: url });
});
