import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCommandArgs, type CommandIo } from '../../engine/cli/args.js';
import { runAuditCommand } from '../../engine/cli/audit.js';
import { runClientsCommand } from '../../engine/cli/clients.js';
import { runServeCommand } from '../../engine/cli/serve.js';
import { runUsersCommand } from '../../engine/cli/users.js';

// Every `toolgate <command>` reads its arguments through parseCommandArgs (engine/cli/args.ts):
// a bad option is a usage error (exit 2) printed with the help, `--help` prints it (exit 0).

function capture() {
  const io = { out: vi.fn<(text: string) => void>(), err: vi.fn<(text: string) => void>() };
  return io satisfies CommandIo;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('parseCommandArgs', () => {
  const config = { allowPositionals: true, options: { name: { type: 'string' }, help: { type: 'boolean', short: 'h' } } } as const;

  it('gives the values and positionals of good arguments', () => {
    const io = capture();
    const parsed = parseCommandArgs('demo', ['add', '--name', 'x'], config, 'HELP TEXT', io);
    expect(parsed).toMatchObject({ values: { name: 'x' }, positionals: ['add'] });
    expect(io.out).not.toHaveBeenCalled();
    expect(io.err).not.toHaveBeenCalled();
  });

  it('prints the help on --help and -h, exit code 0', () => {
    for (const flag of ['--help', '-h']) {
      const io = capture();
      expect(parseCommandArgs('demo', [flag], config, 'HELP TEXT', io)).toBe(0);
      expect(io.out).toHaveBeenCalledWith('HELP TEXT');
    }
  });

  it('refuses an unknown option or a missing value with the help, exit code 2', () => {
    for (const argv of [['--nope'], ['--name']]) {
      const io = capture();
      expect(parseCommandArgs('demo', argv, config, 'HELP TEXT', io)).toBe(2);
      expect(io.err).toHaveBeenCalledWith(expect.stringMatching(/^toolgate demo: .+\n\nHELP TEXT$/s));
    }
  });
});

describe.each([
  ['users', runUsersCommand, 'Usage: toolgate users'],
  ['clients', runClientsCommand, 'Usage: toolgate clients'],
  ['audit', runAuditCommand, 'Usage: toolgate audit'],
  ['serve', runServeCommand, 'Usage: toolgate serve'],
] as const)('toolgate %s', (name, run, usage) => {
  it('prints its help with --help (exit 0) and refuses an unknown option (exit 2), opening no store and starting nothing', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await run(['--help'])).toBe(0);
    expect(log.mock.calls[0]![0]).toContain(usage);
    expect(await run(['--bogus'])).toBe(2);
    expect(error.mock.calls[0]![0]).toMatch(new RegExp(`^toolgate ${name}: Unknown option '--bogus'`));
    expect(error.mock.calls[0]![0]).toContain(usage);
  });
});
