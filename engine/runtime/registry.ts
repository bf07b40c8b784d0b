import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import { compileService, type CompiledService, type ServiceOverrides } from '../compile/service.js';
import { compileTool, type CompiledTool } from '../compile/tool.js';
import type { Pack } from '../manifest/packs.js';
import { buildInstructions } from '../mcp/instructions.js';

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

// ajv-formats is CommonJS with a default export; under NodeNext the callable sits on .default.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

export function createToolAjv(): Ajv {
  // strict: false because tool schemas may carry annotations (examples, x-…) that the linter, not
  // the runtime, judges; useDefaults so `default:` values reach the request.
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: false });
  addFormats(ajv);
  return ajv;
}

export function buildRegistry(packs: readonly Pack[], overrides: Record<string, ServiceOverrides> = {}): Registry {
  const ajv = createToolAjv();
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
