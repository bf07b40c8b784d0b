import type { Request, ServiceManifest, ToolManifest } from '../../../generated/manifest.js';
import type { Diagnostic } from '../diagnostic.js';
import type { Pack } from '../packs.js';
import type { JsonPath, SourceDocument } from '../source.js';

/**
 * One lint check. Rules read the already schema-valid packs, never do I/O and report through
 * `report`, which locates the YAML node and stamps the rule id. They are listed in one array
 * (rules/index.ts); nothing registers itself.
 */
export interface LintRule {
  /** Stable kebab-case id, shown in every diagnostic and in `--format github` titles. */
  readonly id: string;
  readonly description: string;
  check(context: LintContext, report: Report): void;
}

export interface ReportOptions {
  severity?: Diagnostic['severity'];
  /** Point at the key of the node instead of its value (e.g. an unknown property name). */
  which?: 'key' | 'value';
}

/** Report a problem at the node reached by `path` in `doc`; the message says how to fix it. */
export type Report = (doc: SourceDocument, path: JsonPath, message: string, options?: ReportOptions) => void;

export interface LintContext {
  readonly packs: readonly PackContext[];
}

export interface PackContext {
  readonly pack: Pack;
  readonly service: ServiceManifest;
  readonly doc: SourceDocument;
  readonly tools: readonly ToolContext[];
}

/** One upstream request of a tool: `request` of an http tool, or one composite step's. */
export interface RequestSite {
  readonly request: Request;
  /** Document path of the request object. */
  readonly path: JsonPath;
  readonly stepId?: string;
}

export interface ToolContext {
  readonly pack: PackContext;
  readonly tool: ToolManifest;
  readonly doc: SourceDocument;
  readonly requests: readonly RequestSite[];
}

/** Visit every tool of every pack: most rules are per tool. */
export function eachTool(context: LintContext, visit: (tool: ToolContext) => void): void {
  for (const pack of context.packs) for (const tool of pack.tools) visit(tool);
}

/** Backticked, comma-separated list for messages, or a fallback when empty. */
export function listOf(values: Iterable<string>, empty = 'none'): string {
  const items = [...values].map((v) => `\`${v}\``);
  return items.length > 0 ? items.join(', ') : empty;
}
