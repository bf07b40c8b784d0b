import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { AuditSink } from '../audit/audit-log.js';
import type { Principal } from '../policy/check.js';
import { callTool } from '../runtime/call-tool.js';
import type { ServiceRuntime } from '../runtime/registry.js';
import { MultiplexTransport } from './multiplex-transport.js';
import { encodeOnce } from './response-body.js';

export interface McpEndpoint {
  transport: MultiplexTransport;
  close(): Promise<void>;
}

export const SERVER_VERSION = '0.1.0';

/** One low-level SDK Server per service, its handlers closing over the compiled registry. */
export async function createMcpEndpoint(runtime: ServiceRuntime, logger: Logger, options: { audit?: AuditSink } = {}): Promise<McpEndpoint> {
  const server = new Server(
    { name: `toolgate-${runtime.service.name}`, title: runtime.service.title, version: SERVER_VERSION },
    { capabilities: { tools: { listChanged: false } }, instructions: runtime.instructions },
  );
  const listResult = encodeOnce({ tools: runtime.list });
  server.setRequestHandler(ListToolsRequestSchema, () => listResult);
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const tool = runtime.tools.get(request.params.name);
    // MCP 2025-06-18, tools §Error handling: an unknown tool is a protocol error.
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    const auth = extra.authInfo as (typeof extra.authInfo & { extra?: { principal?: Principal } }) | undefined;
    return callTool(tool, request.params.arguments, {
      principal: auth?.extra?.principal,
      logger,
      audit: options.audit,
      requestId: String(extra.requestInfo?.headers?.['x-request-id'] ?? extra.requestId),
    });
  });
  server.onerror = (error) => logger.warn({ err: error }, 'mcp server error');
  const transport = new MultiplexTransport();
  await server.connect(transport);
  return { transport, close: () => server.close() };
}
