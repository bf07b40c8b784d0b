import type { Ajv } from 'ajv';
import type { Tool as McpTool, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { NotSupported, Permit, ToolManifest } from '../../generated/manifest.js';
import { deriveAnnotations } from '../manifest/annotations.js';
import type { ToolInvoker, ToolKind } from '../tools/kind.js';
import { toolKinds } from '../tools/kinds.js';
import { AllowList, shapeMatcher, type ShapeMatcher } from '../upstream/allow-list.js';
import { compileExpression, type CompiledExpression } from './expression.js';
import { lazyValidator, type Validator } from './lazy-validator.js';
import type { CompiledService } from './service.js';

export interface CompiledWrite {
  object: string;
  action: string;
  contextParam?: string;
  permit?: Permit;
}

/** Policy facts of one tool, resolved against its service at start-up. */
export interface ToolPolicy {
  writes: CompiledWrite[];
  refusedWrites: NotSupported[];
  refusedContexts: Array<{ param: string; context: string; reason: string }>;
}

export interface CompiledTool {
  readonly name: string;
  readonly effect: 'read' | 'write';
  readonly scopes: readonly string[];
  readonly service: CompiledService;
  /** The tools/list entry, built once. */
  readonly definition: McpTool;
  readonly inputNames: readonly string[];
  readonly validateInput: Validator;
  readonly validateOutput: Validator;
  readonly select?: CompiledExpression;
  readonly truncate?: string;
  readonly offsetParam?: string;
  readonly policy: ToolPolicy;
  readonly allowList: AllowList;
  readonly invoker: ToolInvoker;
}

/** Build everything a call needs, once: validators, templates, policy facts, allow-list, MCP definition. */
export function compileTool(tool: ToolManifest, service: CompiledService, ajv: Ajv): CompiledTool {
  const kind: ToolKind = toolKinds[tool.type ?? 'http'];
  const invoker = kind.compile(tool, service);
  // Unknown arguments are always refused, whatever the manifest says (STYLE: deny by default).
  const inputSchema = { ...tool.input, additionalProperties: false };
  // Validated against what is published, the schema clients check structuredContent against.
  const optionalSteps = (tool.steps ?? []).some((step) => step.optional);
  const outputSchema = publishedOutput(tool.response.output as Record<string, unknown>, tool.response.truncate, optionalSteps);
  // Compiled on first use (lazy-validator.ts); the linter has already vouched for both schemas.
  const validateInput = lazyValidator(ajv, inputSchema);
  const validateOutput = lazyValidator(ajv, outputSchema);
  const annotations: ToolAnnotations = { title: tool.title, ...deriveAnnotations(tool) };
  return {
    name: tool.name,
    effect: tool.effect,
    scopes: tool.scopes,
    service,
    definition: {
      name: tool.name,
      title: tool.title,
      description: tool.description.trim(),
      inputSchema: inputSchema as McpTool['inputSchema'],
      outputSchema: { type: 'object', ...outputSchema } as McpTool['outputSchema'],
      annotations,
    },
    inputNames: Object.keys(tool.input.properties ?? {}),
    validateInput,
    validateOutput,
    select: tool.response.select ? compileExpression(tool.response.select) : undefined,
    truncate: tool.response.truncate,
    offsetParam: tool.response.offsetParam,
    policy: compilePolicy(tool, service),
    allowList: new AllowList(
      invoker.requestShapes.map((s) => shapeMatcher(`${s.method} ${s.path}`)),
      refusedShapes(service),
    ),
    invoker,
  };
}

const refused = new WeakMap<CompiledService, ReadonlyArray<{ matcher: ShapeMatcher; reason: string }>>();

/** The service's not-supported request shapes, compiled once for all its tools (1,000 tools: ~0.1 s). */
function refusedShapes(service: CompiledService): ReadonlyArray<{ matcher: ShapeMatcher; reason: string }> {
  let shapes = refused.get(service);
  if (!shapes) {
    shapes = service.notSupported.flatMap((n) => (n.upstream ?? []).map((shape) => ({ matcher: shapeMatcher(shape), reason: n.reason })));
    refused.set(service, shapes);
  }
  return shapes;
}

/** What fitResult adds to a result it had to shorten (engine/runtime/fit-result.ts). */
const TRUNCATED_SCHEMA = {
  type: 'object',
  description: 'Present only when the list was cut to fit the result size limit.',
  properties: {
    returned: { type: 'integer' },
    omitted: { type: 'integer' },
    nextOffset: { type: 'integer' },
    note: { type: 'string' },
  },
};

/** What a composite tool adds when an optional step failed (engine/tools/composite.ts). */
const FAILURES_SCHEMA = {
  type: 'array',
  description: 'Present only when optional parts could not be fetched; the rest of the answer is valid.',
  items: { type: 'object', properties: { step: { type: 'string' }, error: { type: 'string' }, retryable: { type: 'boolean' } } },
};

/**
 * The output schema clients check structuredContent against (MCP 2025-06-18, tools §Output
 * schema): a tool that may be truncated also declares the `truncated` note, and a composite tool
 * with optional steps the `failures` list, or a client would refuse such an answer whose schema
 * does not allow additional properties.
 */
function publishedOutput(output: Record<string, unknown>, truncate: string | undefined, optionalSteps: boolean): Record<string, unknown> {
  if (!truncate && !optionalSteps) return output;
  const properties = { ...((output.properties ?? {}) as Record<string, unknown>) };
  if (truncate) properties.truncated = TRUNCATED_SCHEMA;
  if (optionalSteps) properties.failures = FAILURES_SCHEMA;
  return { ...output, properties };
}

function matches(ruleValue: string | undefined, value: string): boolean {
  return ruleValue === undefined || ruleValue === '*' || ruleValue === value;
}

function compilePolicy(tool: ToolManifest, service: CompiledService): ToolPolicy {
  const writes = (tool.writes ?? []).map((w) => ({
    ...w,
    permit: service.permits.find((p) => p.object === w.object && p.actions.includes(w.action)),
  }));
  const refusedWrites = service.notSupported.filter(
    (n) => n.context === undefined && (n.object !== undefined || n.action !== undefined) && writes.some((w) => matches(n.object, w.object) && matches(n.action, w.action)),
  );
  const refusedContexts = writes.flatMap((w) =>
    w.contextParam
      ? service.notSupported
          .filter((n) => n.context !== undefined && matches(n.object, w.object) && matches(n.action, w.action))
          .map((n) => ({ param: w.contextParam!, context: n.context!, reason: n.reason }))
      : [],
  );
  return { writes, refusedWrites, refusedContexts };
}
