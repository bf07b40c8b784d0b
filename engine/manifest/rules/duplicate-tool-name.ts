import type { LintRule, ToolContext } from './rule.js';

const DEFAULT_MCP_PATH = '/v1/ds-mcp/mcp';

/**
 * MCP clients address tools by name alone, so names must be unique among the tools served on one
 * MCP endpoint: every tool of a pack, and of packs that share the same `mcp.path`.
 */
export const duplicateToolName: LintRule = {
  id: 'duplicate-tool-name',
  description: 'Tool names are unique on each MCP endpoint.',
  check(context, report) {
    const first = new Map<string, ToolContext>();
    for (const pack of context.packs) {
      const endpoint = pack.service.mcp?.path ?? DEFAULT_MCP_PATH;
      for (const tool of pack.tools) {
        const key = `${endpoint}\n${tool.tool.name}`;
        const earlier = first.get(key);
        if (!earlier) {
          first.set(key, tool);
          continue;
        }
        const at = earlier.doc.position(['name']);
        report(tool.doc, ['name'], `The tool name \`${tool.tool.name}\` is already used by ${earlier.doc.file}:${at.line}; rename one of them (MCP clients call tools by name).`);
      }
    }
  },
};
