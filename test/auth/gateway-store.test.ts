import v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openGatewayStore } from '../../engine/auth/gateway-store.js';
import { runWasmWithoutTierUp } from '../../engine/store/pglite-store.js';

// The gateway's embedded store runs PGlite without TurboFan tier-up (engine/store/pglite-store.ts), for memory.

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the gateway store on PGlite', () => {
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
