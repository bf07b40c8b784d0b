import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openGatewayStore } from '../../engine/auth/gateway-store.js';
import { NO_WASM_TIER_UP_FLAGS, runWasmWithoutTierUp } from '../../engine/store/wasm-tier-up.js';

// The gateway's embedded store is sized for what it holds (engine/auth/gateway-store.ts), and
// runs PGlite without TurboFan tier-up (engine/store/pglite-store.ts), both for memory.

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the gateway store on PGlite', () => {
  it.each([
    ['on disk', true],
    ['in memory', false],
  ])('%s: small shared buffers and connection tables, and PL/pgSQL loaded at start, reach PostgreSQL', async (_name, onDisk) => {
    vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    const dir = await mkdtemp(path.join(tmpdir(), 'toolgate-gateway-store-'));
    const store = await openGatewayStore({ dataDir: onDisk ? path.join(dir, 'gateway') : 'memory://' });
    try {
      expect((await store.query('SHOW shared_buffers')).rows).toEqual([{ shared_buffers: '4MB' }]);
      expect((await store.query('SHOW max_connections')).rows).toEqual([{ max_connections: '10' }]);
      expect((await store.query('SHOW shared_preload_libraries')).rows).toEqual([{ shared_preload_libraries: 'plpgsql' }]);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('turns WebAssembly tier-up off when it opens PGlite', async () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    const store = await openGatewayStore({ dataDir: 'memory://' });
    await store.close();
    expect(setFlags.mock.calls.map(([flag]) => flag)).toEqual([...NO_WASM_TIER_UP_FLAGS]);
  });
});

describe('runWasmWithoutTierUp', () => {
  it('sets --liftoff-only, unless TOOLGATE_WASM_TIER_UP=1 asks for V8\'s default', () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    expect(runWasmWithoutTierUp({ TOOLGATE_WASM_TIER_UP: '1' })).toBe(false);
    expect(setFlags).not.toHaveBeenCalled();
    expect(runWasmWithoutTierUp({})).toBe(true);
    expect(setFlags.mock.calls.map(([flag]) => flag)).toEqual([...NO_WASM_TIER_UP_FLAGS]);
  });
});

/**
 * A WebAssembly function made hot in a child process of this Node, with the flags set at run time
 * as the gateway sets them: whether V8 has tiered it up to TurboFan (%IsTurboFanFunction, under
 * --allow-natives-syntax; a small --wasm-tiering-budget makes tier-up come within milliseconds).
 */
function tiersUp(flags: readonly string[]): { turbo: boolean; liftoff: boolean } {
  // (func (param i32) (result i32) (local i32) loop: sum the param down to 0) exported as f.
  const module = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01,
    0x66, 0x00, 0x00, 0x0a, 0x1b, 0x01, 0x19, 0x01, 0x01, 0x7f, 0x03, 0x40, 0x20, 0x01, 0x20, 0x00, 0x6a, 0x21, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b,
    0x22, 0x00, 0x0d, 0x00, 0x0b, 0x20, 0x01, 0x0b,
  ];
  const script = `
    import v8 from 'node:v8';
    for (const flag of ${JSON.stringify(flags)}) v8.setFlagsFromString(flag);
    const { f } = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(${JSON.stringify(module)}))).exports;
    if (f(10) !== 55) throw new Error('the test module is wrong');
    const deadline = Date.now() + 1000;
    let turbo = false;
    while (!turbo && Date.now() < deadline) {
      for (let i = 0; i < 200; i++) f(1000);
      turbo = %IsTurboFanFunction(f);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    console.log(JSON.stringify({ turbo, liftoff: %IsLiftoffFunction(f) }));`;
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--wasm-tiering-budget=1000', '--input-type=module', '-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { turbo: boolean; liftoff: boolean };
}

describe(`the flags, set at run time on this Node (${process.version})`, () => {
  it('let a hot WebAssembly function tier up without them (the probe sees tier-up)', () => {
    expect(tiersUp([])).toEqual({ turbo: true, liftoff: false });
  });

  it('keep it Liftoff code with them', () => {
    expect(tiersUp(NO_WASM_TIER_UP_FLAGS)).toEqual({ turbo: false, liftoff: true });
  });
});
