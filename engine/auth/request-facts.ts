import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Facts about the HTTP request being served by oidc-provider, for the hooks it calls without a
 * request context (the storage adapter). Set by a provider middleware for each request.
 */
export interface RequestFacts {
  clientIp: string;
  /** True on the endpoints where a client's allowed IP ranges apply (token, revocation, introspection). */
  enforceClientIp: boolean;
}

export const requestFacts = new AsyncLocalStorage<RequestFacts>();
