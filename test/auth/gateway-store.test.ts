import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openGatewayStore } from '../../engine/auth/gateway-store.js';
import { runWasmWithoutTierUp } from '../../engine/store/pglite-store.js';

// The gateway's embedded store is sized for what it holds (engine/auth/gateway-store.ts), and
// runs PGlite without TurboFan tier-up (engine/store/pglite-store.ts), both for memory.

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the gateway store on PGlite', () => {
  it.each([
    ['on disk', true],
    ['in memory', false],
  ])('%s: small shared buffers and connection tables reach PostgreSQL', async (_name, onDisk) => {
    vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    const dir = await mkdtemp(path.join(tmpdir(), 'toolgate-gateway-store-'));
    const store = await openGatewayStore({ dataDir: onDisk ? path.join(dir, 'gateway') : 'memory://' });
    try {
      expect((await store.query('SHOW shared_buffers')).rows).toEqual([{ shared_buffers: '4MB' }]);
      expect((await store.query('SHOW max_connections')).rows).toEqual([{ max_connections: '10' }]);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('turns WebAssembly tier-up off when it opens PGlite', async () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    const store = await openGatewayStore({ dataDir: 'memory://' });
    await store.close();
    expect(setFlags).toHaveBeenCalledWith('--liftoff-only');
  });
});

describe('runWasmWithoutTierUp', () => {
  it('sets --liftoff-only, unless TOOLGATE_WASM_TIER_UP=1 asks for V8\'s default', () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    expect(runWasmWithoutTierUp({ TOOLGATE_WASM_TIER_UP: '1' })).toBe(false);
    expect(setFlags).not.toHaveBeenCalled();
    expect(runWasmWithoutTierUp({})).toBe(true);
    expect(setFlags).toHaveBeenCalledWith('--liftoff-only');
  });
});
