import { afterEach, describe, expect, it, vi } from 'vitest';
import { runSandboxCommand } from '../../sandbox/index.js';

describe('toolgate sandbox', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints help and exits 0', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await runSandboxCommand(['--help'])).toBe(0);
    expect(log.mock.calls[0]?.[0]).toMatch(/Usage: toolgate sandbox \[options\][\s\S]*--reset[\s\S]*SANDBOX_ACCESS_KEY/);
  });

  it.each([
    [['--port', 'eighty']],
    [['--port', '70000']],
    [['--frobnicate']],
    [['--rate-limit', 'lots']],
  ])('refuses %j with exit code 2', async (argv) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await runSandboxCommand(argv)).toBe(2);
    expect(error).toHaveBeenCalled();
  });
});
