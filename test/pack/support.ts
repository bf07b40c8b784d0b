import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, expect } from 'vitest';
import { createTypedCaller, type TypedCaller } from '../../engine/client/typed-call.js';
import { silentLogger } from '../../engine/log.js';
import { startServer, type RunningServer } from '../../engine/serve.js';
import type { GainsightCsTools } from '../../generated/gainsight-cs.js';
import { startSandbox, type SandboxHandle } from '../../sandbox/index.js';

/**
 * The gainsight-cs pack end to end: one in-memory sandbox (the Gainsight-compatible upstream,
 * seeded relative to today) and one toolgate server in front of it, both on loopback port 0,
 * talked to with the SDK's own MCP client. Every file also proves, after all its tests, what
 * never reached the upstream: no DELETE, no company write, no admin configuration.
 */
export interface PackStack {
  sandbox: SandboxHandle;
  server: RunningServer;
  client: Client;
  /** Typed calls: a wrong tool name or argument does not compile; tool errors throw. */
  tools: TypedCaller<GainsightCsTools>;
  /** Any arguments, for the calls that must be refused; the whole result. */
  raw(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  /** Rows from the sandbox's database: the oracle the tools are compared with. */
  rows<T = Record<string, any>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** A direct call to the sandbox's HTTP API, bypassing the gateway (never a DELETE or a company write). */
  upstream<T = any>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Row count and content digest of every table a tool could write; equal snapshots mean nothing changed. */
  snapshot(): Promise<Record<string, string>>;
}

/** Tables of the sandbox (schema-qualified), for the direct queries. */
export const T = {
  company: 'sandbox.company',
  relationship: 'sandbox.relationship',
  user: 'sandbox.gsuser',
  picklist: 'sandbox.picklist',
  cta: 'sandbox.cta',
  task: 'sandbox.cs_task',
  plan: 'sandbox.success_plan',
  activity: 'sandbox.activity_timeline',
  activityType: 'sandbox.activity_type',
} as const;

const WRITABLE = [T.company, T.relationship, T.picklist, T.cta, T.task, T.plan, T.activity, T.activityType];

export function usePackStack(): PackStack {
  const stack = {} as PackStack;
  beforeAll(async () => {
    stack.sandbox = await startSandbox({ dataDir: 'memory://', accessKey: 'pack-test-key' });
    stack.server = await startServer({
      manifests: ['manifests/'],
      port: 0,
      logger: silentLogger(),
      overrides: { 'gainsight-cs': { baseUrl: stack.sandbox.url, headers: { accesskey: stack.sandbox.accessKey } } },
    });
    stack.client = new Client({ name: 'toolgate-pack-e2e', version: '1.0.0' });
    await stack.client.connect(new StreamableHTTPClientTransport(new URL(stack.server.mcpUrls['gainsight-cs']!)));
  });
  afterAll(async () => {
    try {
      if (stack.sandbox) await expectNothingForbiddenReachedUpstream(stack.sandbox);
    } finally {
      await stack.client?.close();
      await stack.server?.close();
      await stack.sandbox?.close();
    }
  });
  // Bound now, connected in beforeAll: test files may take `stack.tools` at module level.
  stack.tools = createTypedCaller<GainsightCsTools>({ callTool: (...args) => stack.client.callTool(...args) });
  stack.raw = async (name, args) => (await stack.client.callTool({ name, arguments: args })) as CallToolResult;
  stack.rows = async (text, params) => (await stack.sandbox.store.query(text, params)).rows as never[];
  stack.upstream = async (method, path, body) => {
    const response = await fetch(`${stack.sandbox.url}${path}`, {
      method,
      headers: { accesskey: stack.sandbox.accessKey, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as never };
  };
  stack.snapshot = async () => {
    const out: Record<string, string> = {};
    for (const table of WRITABLE) {
      const [row] = await stack.rows<{ n: number; digest: string }>(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t.gsid), '')) AS digest FROM ${table} t`,
      );
      out[table] = `${row!.n} ${row!.digest}`;
    }
    return out;
  };
  return stack;
}

/** The request log (sandbox/request-log.ts) after a whole file: what the pack must never send. */
async function expectNothingForbiddenReachedUpstream(sandbox: SandboxHandle): Promise<void> {
  const all = await sandbox.requestLog();
  expect(all.length, 'the tests reached the sandbox').toBeGreaterThan(0);
  const forbidden = all.filter(
    (r) => r.method === 'DELETE' || (/^\/v1\/data\/objects\/company$/i.test(r.path) && r.method !== 'GET') || /^\/v2\/cockpit\/admin\/picklist$/.test(r.path),
  );
  expect(forbidden.map((r) => `${r.method} ${r.path}`)).toEqual([]);
}

/** The text of a result's first content block. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}

/** Today as the gateway's manifests compute it (UTC), and days from it. */
export function today(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** The serialized size of a result as a client receives it. */
export function sizeOf(result: unknown): number {
  return Buffer.byteLength(JSON.stringify(result));
}
