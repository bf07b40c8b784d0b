// oidc-provider's own AsyncLocalStorage (lib/helpers/als.js, behind its public `Provider.ctx`). The
// package has no exports map, so the file is importable; request-contexts.ts switches it off while
// no provider request runs, and test/auth/request-contexts.test.ts fails if the file moves.
declare module 'oidc-provider/lib/helpers/als.js' {
  import type { AsyncLocalStorage } from 'node:async_hooks';
  const als: AsyncLocalStorage<unknown>;
  export default als;
}
