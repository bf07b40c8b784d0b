import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { isRequest } from '../mcp/is-request.js';
import type { Context } from 'koa';
import type { AuditSink } from '../audit/audit-log.js';
import type { Principal } from '../policy/check.js';
import { BearerError } from './bearer.js';
import type { ProtectedResource } from './scope-catalog.js';

export type MessageAuthorizer = (messages: readonly JSONRPCMessage[], ctx: Context) => Promise<void>;

/**
 * The HTTP half of the scope check (MCP 2025-11-25, authorization §Scope challenge handling):
 * a tools/call whose tool needs a scope the token lacks is answered 403 insufficient_scope, with
 * a WWW-Authenticate `scope` naming every scope the tool needs (and those already granted, so a
 * step-up authorization loses nothing), instead of a tool result. The policy table's scopes
 * check still runs behind it (defence in depth). Refused writes are audited.
 */
export function scopeGuard(options: { resource: ProtectedResource; metadataUrl: () => string; audit?: AuditSink }): MessageAuthorizer {
  return async function requireToolScopes(messages, ctx) {
    const principal = (ctx.state.authInfo?.extra as { principal?: Principal } | undefined)?.principal;
    if (!principal) return;
    for (const message of messages) {
      if (!isRequest(message) || message.method !== 'tools/call') continue;
      const name = (message.params as { name?: unknown } | undefined)?.name;
      const tool = typeof name === 'string' ? options.resource.toolScopes.get(name) : undefined;
      if (!tool) continue; // unknown tools get the MCP server's own error
      const missing = tool.scopes.filter((s) => !principal.scopes.includes(s));
      if (missing.length === 0) continue;
      if (tool.effect === 'write' && options.audit) {
        await options.audit.refused({
          requestId: ctx.state.requestId,
          principal,
          service: options.resource.service,
          tool: String(name),
          args: (message.params as { arguments?: unknown }).arguments ?? {},
          reason: 'insufficient_scope',
        });
      }
      const needed = [...new Set([...tool.scopes, ...principal.scopes])].join(' ');
      const description = `the tool ${String(name)} needs the scope${tool.scopes.length > 1 ? 's' : ''} ${tool.scopes.join(' ')}`;
      throw new BearerError(403, 'insufficient_scope', `Insufficient scope: ${description}.`, {
        error: 'insufficient_scope',
        scope: needed,
        resource_metadata: options.metadataUrl(),
        error_description: description,
      });
    }
  };
}
