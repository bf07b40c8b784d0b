import type { AsyncLocalStorage } from 'node:async_hooks';
import oidcContext from 'oidc-provider/lib/helpers/als.js';
import { requestFacts } from './request-facts.js';

/**
 * The two AsyncLocalStorage instances used while oidc-provider answers a request: its own (which
 * backs `Provider.ctx`; initialize_app.js runs every provider request inside it) and ours
 * (request-facts.ts).
 *
 * Node 20 implements AsyncLocalStorage with async_hooks: from an instance's first `run()` until
 * it is disabled, V8 calls a JS hook for every promise the process creates. One OAuth request
 * would switch that on for good, and the MCP endpoint makes many promises per call (JSONata makes
 * one per expression node): measured with `npm run bench -- --rows toolgate --ab`, a read cost
 * ~944 µs of CPU per call with the hooks left on and ~773 µs without. Node 24's AsyncContextFrame
 * needs no hooks; there this is harmless.
 *
 * So each instance is disabled whenever no provider request is in flight. `disable()` is
 * documented to exit the contexts linked to the instance (getStore() gives undefined until the
 * next `run()`, which enables it again), so it must not happen while any request that may read
 * them runs: the count covers the whole of the provider's pipeline, including everything it calls.
 */
const contexts: ReadonlyArray<AsyncLocalStorage<unknown>> = [oidcContext, requestFacts];
let inFlight = 0;

/** Runs one provider request; when it is the last in flight, the contexts are switched off. */
export async function withRequestContexts<T>(run: () => Promise<T>): Promise<T> {
  inFlight += 1;
  try {
    return await run();
  } finally {
    inFlight -= 1;
    if (inFlight === 0) for (const context of contexts) context.disable();
  }
}
