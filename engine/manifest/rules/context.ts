import type { Pack } from '../packs.js';
import type { LintContext, PackContext, RequestSite, ToolContext } from './rule.js';

/** Build the read-only view the rules share; everything here is derived once per lint run. */
export function createLintContext(packs: readonly Pack[]): LintContext {
  return { packs: packs.map(packContext) };
}

function packContext(pack: Pack): PackContext {
  const tools: ToolContext[] = [];
  const context: PackContext = {
    pack,
    service: pack.service.manifest,
    doc: pack.service.doc,
    tools,
  };
  for (const { doc, manifest: tool } of pack.tools) {
    const requests: RequestSite[] = [];
    if (tool.request) requests.push({ request: tool.request, path: ['request'] });
    tool.steps?.forEach((step, i) => requests.push({ request: step.request, path: ['steps', i, 'request'], stepId: step.id }));
    tools.push({ pack: context, tool, doc, requests });
  }
  return context;
}

