/**
 * What one call of a scenario sends, for each way of reaching the upstream:
 * - `upstream`: the floor, a plain HTTP request to the sandbox;
 * - `tool`: an MCP tools/call with the arguments a model would give (toolgate, baseline);
 * - `openapi`: an MCP tools/call on the peer, whose tool arguments are the OpenAPI request body.
 * Writes get unique arguments on every call, so each one is a real insert upstream and never an
 * idempotent replay.
 */
import { createCtaBody, CREATE_CTA_PATH, QUERY_COMPANY_PATH, resolveCompanyBody, type CreateCtaArgs } from './upstream-calls.js';

export type Scenario = 'read' | 'write';
export type CallStyle = 'upstream' | 'tool' | 'openapi';

export interface ScenarioContext {
  /** A seeded company to attach CTAs to. */
  companyId: string;
  /** Distinguishes this run's writes from any other run's. */
  runId: string;
  /** The peer's tool names, which it derives from the OpenAPI document. */
  peerTools: { read: string; write: string };
  /** Other names for the `tool` style's tools (the scale pack's are suffixed). */
  toolNames?: { read?: string; write?: string };
}

export type PreparedCall = { kind: 'http'; path: string; body: unknown } | { kind: 'tool'; name: string; arguments: Record<string, unknown> };

/** The company name fragment the read looks up: it matches a handful of seeded companies. */
export const READ_NAME = 'acme';

export function prepareCall(style: CallStyle, scenario: Scenario, seq: number, ctx: ScenarioContext): PreparedCall {
  if (scenario === 'read') {
    if (style === 'upstream') return { kind: 'http', path: QUERY_COMPANY_PATH, body: resolveCompanyBody(READ_NAME) };
    if (style === 'tool') return { kind: 'tool', name: ctx.toolNames?.read ?? 'resolve_company', arguments: { name: READ_NAME } };
    return { kind: 'tool', name: ctx.peerTools.read, arguments: resolveCompanyBody(READ_NAME) };
  }
  const args: CreateCtaArgs = {
    companyId: ctx.companyId,
    name: `Bench follow-up ${ctx.runId}-${seq}`,
    type: 'Activity',
    dueDate: '2026-03-31',
  };
  if (style === 'upstream') return { kind: 'http', path: CREATE_CTA_PATH, body: createCtaBody(args) };
  if (style === 'tool') return { kind: 'tool', name: ctx.toolNames?.write ?? 'create_cta', arguments: { ...args } };
  return { kind: 'tool', name: ctx.peerTools.write, arguments: createCtaBody(args) };
}
