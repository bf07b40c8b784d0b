import type { Router } from '@koa/router';
import type { SandboxDeps, SandboxState } from '../http/state.js';

export type SandboxRouter = Router<SandboxState>;

/** Each routes file registers its endpoints on the one router; no import side effects. */
export type RouteModule = (router: SandboxRouter, deps: SandboxDeps) => void;
