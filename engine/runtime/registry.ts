import type { Ajv } from 'ajv';
import type { Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import type { ServiceManifest, ToolManifest } from '../../generated/manifest.js';
import { compileLinted } from '../compile/expression.js';
import { compileService, type CompiledService, type ServiceOverrides } from '../compile/service.js';
import { compileTool, type CompiledTool } from '../compile/tool.js';
import { buildInstructions } from '../mcp/instructions.js';
import { requireCommonJs } from '../require-commonjs.js';

const { Ajv: AjvClass } = requireCommonJs('ajv');
const addFormats = requireCommonJs('ajv-formats').default;

/** One service as served: its tools by name, the tools/list answer and the MCP instructions, all built once. */
export interface ServiceRuntime {
  readonly service: CompiledService;
  readonly tools: ReadonlyMap<string, CompiledTool>;
  readonly list: readonly McpTool[];
  readonly instructions: string;
}

/** Immutable after start-up; a reload builds a new one and swaps it whole. */
export interface Registry {
  readonly services: readonly ServiceRuntime[];
  close(): Promise<void>;
}

/**
 * The ajv that compiles tool schemas. `linted`: the schemas have just passed the linter, which
 * checked each against the draft-07 meta-schema (rule invalid-json-schema), so this ajv does not
 * check them again: ajv compiles its meta-schema's own validator on its first compile, about 25 ms
 * of the first tools/call after a start (bench/, a CPU profile of the first call).
 */
export function createToolAjv(options: { linted?: boolean } = {}): Ajv {
  // strict: false because tool schemas may carry annotations (examples, x-…) that the linter, not
  // the runtime, judges; useDefaults so `default:` values reach the request.
  const ajv = new AjvClass({ allErrors: true, strict: false, useDefaults: true, coerceTypes: false, validateSchema: !options.linted });
  addFormats(ajv);
  return ajv;
}

/**
 * What the compile reads of a pack: its manifests. A loaded Pack is one; so is the plain copy a
 * worker thread sends back (manifest/check-in-worker.ts), which has no YAML positions.
 */
export interface PackManifests {
  readonly service: { readonly manifest: ServiceManifest };
  readonly tools: ReadonlyArray<{ readonly manifest: ToolManifest }>;
}

export interface BuildOptions {
  /**
   * The packs have just passed lintPacks with no error: no expression is parsed at compile time
   * (compileLinted), each is parsed on first use.
   */
  linted?: boolean;
}

export function buildRegistry(packs: readonly PackManifests[], overrides: Record<string, ServiceOverrides> = {}, options: BuildOptions = {}): Registry {
  return options.linted ? compileLinted(() => compileRegistry(packs, overrides, createToolAjv({ linted: true }))) : compileRegistry(packs, overrides, createToolAjv());
}

function compileRegistry(packs: readonly PackManifests[], overrides: Record<string, ServiceOverrides>, ajv: Ajv): Registry {
  const services: ServiceRuntime[] = [];
  try {
    for (const pack of packs) {
      const service = compileService(pack.service.manifest, overrides[pack.service.manifest.name]);
      services.push({ service, tools: new Map(), list: [], instructions: '' });
      const tools = new Map<string, CompiledTool>();
      for (const { manifest } of [...pack.tools].sort((a, b) => a.manifest.name.localeCompare(b.manifest.name))) {
        tools.set(manifest.name, compileTool(manifest, service, ajv));
      }
      services[services.length - 1] = {
        service,
        tools,
        list: [...tools.values()].map((t) => t.definition),
        instructions: buildInstructions(service, [...tools.values()]),
      };
    }
  } catch (error) {
    void Promise.all(services.map((s) => s.service.client.close()));
    throw error;
  }
  return {
    services,
    close: async () => {
      await Promise.all(services.map((s) => s.service.client.close()));
    },
  };
}
