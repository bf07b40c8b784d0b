import type { Logger } from 'pino';
import { requireCommonJs } from './require-commonjs.js';

const { pino } = requireCommonJs('pino');

/**
 * JSON logs on stderr. Credentials never reach a log line: known secret-bearing fields are
 * redacted wherever they appear, and upstream bodies are never logged at all.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      base: { app: 'toolgate' },
      redact: {
        paths: ['*.authorization', '*.accesskey', '*.headers.authorization', '*.headers.accesskey', '*.headers.cookie', '*.password', '*.client_secret', '*.token'],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: false }),
  );
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
