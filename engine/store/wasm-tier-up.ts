import v8 from 'node:v8';

/**
 * V8 runs PGlite's WebAssembly as Liftoff code, then recompiles each function that gets hot with
 * TurboFan on background threads, and what those compilations malloc stays in the threads' arenas
 * for the life of the process: opening a data directory costs about 180 MB of RSS with tier-up
 * and 130 MB without, and 530 ms of CPU instead of 300 (Node 20, /proc/self/smaps: the arenas
 * hold 67 MB against 4). A Liftoff-only PGlite runs its statements more slowly (an audit
 * open/close pair 10–20 % more CPU, bench/pglite-query.ts; a whole write call 3–7 %, bench --ab);
 * the gateway's store does little work per call, so `toolgate serve` and the admin commands take
 * the memory (engine/auth/gateway-store.ts).
 * V8 reads the flag whenever a function gets hot, not when a module is compiled, so it holds
 * for all WebAssembly in the process (the in-process sandbox, undici's HTTP parser);
 * TOOLGATE_WASM_TIER_UP=1 leaves V8's default. Returns whether the flag was set.
 */
export function runWasmWithoutTierUp(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.TOOLGATE_WASM_TIER_UP === '1') return false;
  for (const flag of NO_WASM_TIER_UP_FLAGS) v8.setFlagsFromString(flag);
  return true;
}

/**
 * `--liftoff-only` and what it implies. V8 applies a flag's implications only when it starts
 * (flag-definitions.h: DEFINE_NEG_IMPLICATION(liftoff_only, wasm_tier_up) and
 * (liftoff_only, wasm_dynamic_tiering)), and set later the flag alone stopped tier-up on Node 20
 * but not on Node 24, whose V8 asks the implied flags: PGlite opened at 220-265 MB of RSS there
 * instead of 120-130. test/auth/gateway-store.test.ts runs a hot WebAssembly function under these
 * flags on the Node that runs the tests and requires it to stay Liftoff code.
 */
export const NO_WASM_TIER_UP_FLAGS = ['--liftoff-only', '--no-wasm-tier-up', '--no-wasm-dynamic-tiering'] as const;
