import type { ParameterizedContext } from 'koa';
import type { Store } from '../../engine/store/index.js';

export interface SandboxState {
  requestId: string;
  /** Parsed JSON body of POST/PUT requests (undefined when there is none). */
  body: unknown;
}

export type SandboxContext = ParameterizedContext<SandboxState>;

/** Minimal logger shape; pino's Logger satisfies it. */
export interface SandboxLogger {
  info(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

/** What route handlers close over. */
export interface SandboxDeps {
  store: Store;
  /** The sandbox clock; pinned by tests through `now`, it drives TODAY and new timestamps. */
  clock: () => Date;
  /** The access key's user: owner of new records and the value of CURRENT_USER. */
  currentUserId: string;
}
