import { compileExpression, type ExpressionRefs } from '../../compile/expression.js';
import { compileTemplate } from '../../compile/template.js';
import type { JsonPath } from '../source.js';
import type { ToolContext } from './rule.js';

/** Which `steps.<id>` an expression may read where it stands. */
export type StepScope =
  /** http tools: there are no steps. */
  | { kind: 'none' }
  /** composite `response.select`: runs after every step. */
  | { kind: 'all' }
  /** inside a step: only the steps it `needs`. */
  | { kind: 'needs'; stepId: string; needs: readonly string[] };

/** One JSONata expression (a `{{ }}` template leaf or a select) and what it reads. */
export interface ExpressionSite {
  path: JsonPath;
  refs: ExpressionRefs;
  steps: StepScope;
  /** JSONata's own message when the expression does not compile. */
  error?: string;
}

/** A `{param}` in a request path. */
export interface PathParam {
  name: string;
  path: JsonPath;
}

export interface ToolAnalysis {
  expressions: ExpressionSite[];
  pathParams: PathParam[];
}

/** As the runtime's path template (engine/upstream/url.ts): `{name}`, name an identifier. */
export const PATH_PARAM = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

const cache = new WeakMap<ToolContext, ToolAnalysis>();
/** Tools repeat the same small templates (`{{ input.limit }}`); JSONata parses each text once. */
const compiled = new Map<string, { refs: ExpressionRefs; error?: string }>();

/** Every expression and path parameter of a tool, compiled once and shared by the rules. */
export function analyzeTool(context: ToolContext): ToolAnalysis {
  const known = cache.get(context);
  if (known) return known;
  const { tool } = context;
  const analysis: ToolAnalysis = { expressions: [], pathParams: [] };
  for (const site of context.requests) {
    const step = tool.steps?.find((s) => s.id === site.stepId);
    const steps: StepScope = step ? { kind: 'needs', stepId: step.id, needs: step.needs ?? [] } : { kind: 'none' };
    for (const match of site.request.path.matchAll(PATH_PARAM)) analysis.pathParams.push({ name: match[1]!, path: [...site.path, 'path'] });
    const { query, headers, body } = site.request;
    for (const [key, value] of [['query', query], ['headers', headers], ['body', body]] as const)
      if (value !== undefined) walkTemplate(value, [...site.path, key], steps, analysis.expressions);
  }
  tool.steps?.forEach((step, i) => {
    const steps: StepScope = { kind: 'needs', stepId: step.id, needs: step.needs ?? [] };
    if (step.when !== undefined) analysis.expressions.push(expressionSite(step.when, ['steps', i, 'when'], steps));
    if (step.select !== undefined) analysis.expressions.push(expressionSite(step.select, ['steps', i, 'select'], steps));
  });
  if (tool.response.select !== undefined) {
    const steps: StepScope = tool.type === 'composite' ? { kind: 'all' } : { kind: 'none' };
    analysis.expressions.push(expressionSite(tool.response.select, ['response', 'select'], steps));
  }
  cache.set(context, analysis);
  return analysis;
}

function walkTemplate(value: unknown, path: JsonPath, steps: StepScope, out: ExpressionSite[]): void {
  if (typeof value === 'string') {
    if (value.includes('{{')) out.push({ path, steps, ...compileOnce(`t:${value}`, () => templateRefs(value)) });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walkTemplate(item, [...path, i], steps, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) walkTemplate(item, [...path, key], steps, out);
  }
}

export function expressionSite(source: string, path: JsonPath, steps: StepScope): ExpressionSite {
  return { path, steps, ...compileOnce(`e:${source}`, () => expressionRefs(source)) };
}

function compileOnce(key: string, compile: () => { refs: ExpressionRefs; error?: string }) {
  let result = compiled.get(key);
  if (!result) {
    // Bounded so that a long-running server reloading edited manifests does not grow forever.
    if (compiled.size > 20_000) compiled.clear();
    result = compile();
    compiled.set(key, result);
  }
  return result;
}

function templateRefs(text: string): { refs: ExpressionRefs; error?: string } {
  const { template, problems } = compileTemplate(text);
  if (problems.length === 0) return { refs: template.refs };
  // compileTemplate says "invalid expression `{{…}}`: why"; the rule adds its own prefix.
  return { refs: template.refs, error: problems.map((p) => p.message.replace(/^invalid expression /, 'in ')).join('; ') };
}

function expressionRefs(source: string): { refs: ExpressionRefs; error?: string } {
  try {
    return { refs: compileExpression(source).refs };
  } catch (error) {
    const e = error as { message?: string; position?: number };
    const at = typeof e.position === 'number' ? ` (at character ${e.position})` : '';
    return { refs: { input: new Set(), wholeInput: false, steps: new Set(), inputInItem: new Set() }, error: `${e.message ?? 'invalid expression'}${at}` };
  }
}
