/**
 * The baseline: a minimal MCP server hand-written on the bare SDK, exactly the way the SDK's
 * stateless example does it (examples/server/simpleStatelessStreamableHttp: createMcpExpressApp,
 * a new McpServer and StreamableHTTPServerTransport per request, zod input schemas), with the two
 * tools the benchmark calls doing the same upstream requests as toolgate's manifests, through a
 * keep-alive undici Pool like toolgate's.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import * as z from 'zod/v4';
import { announceReady, stopOnSignal } from '../lib/ready.js';
import { createCtaBody, resolveCompanyBody } from '../lib/upstream-calls.js';

const upstreamUrl = process.env.BENCH_UPSTREAM_URL;
const accessKey = process.env.BENCH_ACCESS_KEY;
if (!upstreamUrl || !accessKey) throw new Error('BENCH_UPSTREAM_URL and BENCH_ACCESS_KEY are required');
// The SDK example answers a POST with an SSE stream; BENCH_BASELINE_JSON=1 selects its JSON-response variant.
const enableJsonResponse = process.env.BENCH_BASELINE_JSON === '1';

const pool = new Pool(upstreamUrl, { connections: 64 });

async function post(path: string, body: unknown): Promise<CallToolResult> {
  const response = await pool.request({
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', accept: 'application/json', accesskey: accessKey! },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  const parsed = JSON.parse(text) as { result?: boolean; data?: unknown; errorDesc?: string };
  if (response.statusCode >= 400 || parsed.result === false) {
    return { isError: true, content: [{ type: 'text', text: `Upstream error ${response.statusCode}: ${parsed.errorDesc ?? ''}` }] };
  }
  return { content: [{ type: 'text', text: JSON.stringify(parsed.data) }] };
}

function getServer(): McpServer {
  const server = new McpServer({ name: 'bench-baseline', version: '1.0.0' });
  server.registerTool(
    'resolve_company',
    {
      description: 'Finds companies whose name contains the given text.',
      inputSchema: { name: z.string().min(2).max(100), limit: z.number().int().min(1).max(25).default(10) },
    },
    ({ name, limit }) => post('/v1/data/objects/query/Company', resolveCompanyBody(name, limit)),
  );
  server.registerTool(
    'create_cta',
    {
      description: 'Creates a call to action on a company.',
      inputSchema: {
        companyId: z.string().length(36),
        name: z.string().min(3).max(200),
        type: z.string(),
        dueDate: z.string(),
        priority: z.string().optional(),
        comments: z.string().optional(),
        important: z.boolean().default(false),
      },
    },
    (args) => post('/v2/cockpit/cta', createCtaBody(args)),
  );
  return server;
}

const app = createMcpExpressApp();
app.post('/mcp', async (req, res) => {
  const server = getServer();
  try {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
  } catch {
    if (!res.headersSent) res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null });
  }
});

const listener = app.listen(0, '127.0.0.1', () => {
  const { port } = listener.address() as AddressInfo;
  announceReady({ url: `http://127.0.0.1:${port}/mcp`, enableJsonResponse });
});
stopOnSignal(async () => {
  listener.closeAllConnections();
  await new Promise((resolve) => listener.close(resolve));
  await pool.close();
});
