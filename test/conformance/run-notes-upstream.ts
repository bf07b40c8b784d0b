/**
 * The notes test upstream as a process, for the conformance and Inspector scripts when they serve
 * the notes pack: `node --import tsx test/conformance/run-notes-upstream.ts`. Prints its base URL
 * (the pack's NOTES_BASE_URL) as the first line of stdout and runs until SIGTERM or SIGINT.
 */
import { startNotesUpstream } from '../support/notes-upstream.js';

const upstream = await startNotesUpstream({ apiKey: process.env.NOTES_API_KEY ?? 'dev-key' });
console.log(upstream.url);

const stop = async () => {
  await upstream.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
