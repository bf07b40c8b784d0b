import { interpolateEnv } from '../env.js';
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
    basePath: basePathOf(pack.service.manifest.upstream.baseUrl),
  };
  for (const { doc, manifest: tool } of pack.tools) {
    const requests: RequestSite[] = [];
    if (tool.request) requests.push({ request: tool.request, path: ['request'] });
    tool.steps?.forEach((step, i) => requests.push({ request: step.request, path: ['steps', i, 'request'], stepId: step.id }));
    tools.push({ pack: context, tool, doc, requests });
  }
  return context;
}

/**
 * Interpolated with an empty environment, so lint results never depend on the machine that runs
 * them: only `${VAR:-default}` defaults count.
 */
export function resolveBaseUrl(baseUrl: string): URL | undefined {
  const { value, missing } = interpolateEnv(baseUrl, {});
  if (missing.length > 0) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function basePathOf(baseUrl: string): string {
  const url = resolveBaseUrl(baseUrl);
  return url ? url.pathname.replace(/\/+$/, '') : '';
}

/**
 * The upstream paths a tool path may stand for. Policy shapes are meant as full upstream paths
 * (base URL path included), but authors also write them relative to the base URL; both count, so
 * that a refused shape is never missed.
 */
export function upstreamPaths(pack: PackContext, path: string): string[] {
  const full = pack.basePath + path;
  return full === path ? [path] : [full, path];
}
