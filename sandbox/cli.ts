import { parseArgs } from 'node:util';
import { requireCommonJs } from '../engine/require-commonjs.js';
import { DEFAULT_DATA_DIR, DEV_ACCESS_KEY, startSandbox } from './start.js';

const { pino } = requireCommonJs('pino');

const HELP = `Usage: toolgate sandbox [options]

Run the Gainsight-compatible sandbox upstream: Gainsight CS REST shapes over an embedded
PostgreSQL (PGlite) seeded with a demo tenant (240 companies, CTAs, success plans, 5,000
timeline activities, scorecards).

Options:
  --port N          port to listen on (default: 8090; 0 picks a free port)
  --host H          address to bind (default: 127.0.0.1)
  --data-dir D      PGlite data directory (default: $SANDBOX_DATA_DIR or ${DEFAULT_DATA_DIR});
                    memory:// keeps everything in memory
  --reset           drop the sandbox data and seed it again (dates move to today)
  --rate-limit N/MS answer 429 after N calls per MS milliseconds (default: off)
  -h, --help        show this help

Environment:
  SANDBOX_ACCESS_KEY    the accesskey header value clients must send (default: ${DEV_ACCESS_KEY})
  SANDBOX_DATABASE_URL  use this PostgreSQL database instead of PGlite`;

function parseRateLimit(text: string | undefined) {
  if (!text) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) throw new Error('--rate-limit must look like 100/60000');
  return { limit: Number(match[1]), windowMs: Number(match[2]) };
}

/** `toolgate sandbox …`: starts the sandbox and runs until SIGINT/SIGTERM. Returns the exit code. */
export async function runSandboxCommand(argv: string[]): Promise<number> {
  let values;
  let rateLimit;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        reset: { type: 'boolean' },
        'rate-limit': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
    rateLimit = parseRateLimit(values['rate-limit']);
  } catch (error) {
    console.error(`toolgate sandbox: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = Number(values.port ?? 8090);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('toolgate sandbox: --port must be an integer from 0 to 65535');
    return 2;
  }
  const logger = pino({ name: 'toolgate-sandbox' });
  const sandbox = await startSandbox({
    port,
    host: values.host ?? '127.0.0.1',
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    reset: values.reset ?? false,
    ...(rateLimit ? { rateLimit } : {}),
    logger,
  });
  const keyNote = sandbox.accessKey === DEV_ACCESS_KEY ? `accesskey: ${DEV_ACCESS_KEY} (development default)` : 'accesskey: from SANDBOX_ACCESS_KEY';
  console.log(`Gainsight sandbox on ${sandbox.url} (${sandbox.store.kind}, ready in ${sandbox.startupMs} ms); ${keyNote}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sandbox.close();
  return 0;
}
