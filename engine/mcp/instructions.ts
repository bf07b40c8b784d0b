import type { CompiledService } from '../compile/service.js';
import type { CompiledTool } from '../compile/tool.js';

/**
 * The MCP `instructions` (MCP 2025-06-18, lifecycle §Initialization), generated from the pack:
 * what can be read, what can be written, and what is refused on purpose with the reason, so that
 * "delete this CTA" gets a clear and true answer without a failed tool call.
 */
export function buildInstructions(service: CompiledService, tools: readonly CompiledTool[]): string {
  const reads = tools.filter((t) => t.effect === 'read').map((t) => `- ${t.name}: ${t.definition.title ?? t.name}`);
  const writes = tools.filter((t) => t.effect === 'write').map((t) => `- ${t.name}: ${t.definition.title ?? t.name}`);
  const permits = service.permits.map(
    (p) => `- ${p.object}: ${p.actions.join(', ')}${p.contexts ? ` (only at ${p.contexts.join(', ')} level)` : ''}`,
  );
  const refused = service.notSupported.map((n) => `- ${n.reason}`);
  return [
    `${service.title}. ${service.description.trim()}`,
    '',
    `Read tools:\n${reads.join('\n') || '- none'}`,
    '',
    `Write tools:\n${writes.join('\n') || '- none'}`,
    '',
    `Writes permitted by policy:\n${permits.join('\n') || '- none: this service is read only'}`,
    '',
    `Not supported, on purpose (tell the user so instead of trying another way):\n${refused.join('\n') || '- nothing listed'}`,
  ].join('\n');
}
