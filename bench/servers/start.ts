/**
 * Starting each process of the side-by-side benchmark: the shared upstream, and the three MCP
 * servers that sit in front of it (the floor has no server: the load generator calls the upstream).
 */
import path from 'node:path';
import { startChild, type Child } from '../lib/child.js';
import { answers, freePort } from '../lib/net.js';

export const PEER_BIN = path.resolve('node_modules/@ivotoby/openapi-mcp-server/bin/mcp-server.js');
export const PEER_OPENAPI = path.resolve('bench/peer/gainsight-bench.openapi.yaml');
/** The peer's names for the two operations, derived by it from the operationIds (queryCompanies, createCta). */
export const PEER_TOOLS = { read: 'qry-companies', write: 'crt-cta' };
export const TOOLGATE_BIN = path.resolve('bin/toolgate.js');
export const GAINSIGHT_PACK = path.resolve('manifests/gainsight-cs');

export interface Upstream {
  child: Child;
  url: string;
  accessKey: string;
}

export async function startUpstream(script: string): Promise<Upstream> {
  const child = await startChild({ name: 'upstream (sandbox)', command: process.execPath, args: [script], timeoutMs: 120_000 });
  return { child, url: String(child.facts.url), accessKey: String(child.facts.accessKey) };
}

export async function startBaseline(script: string, upstream: Upstream): Promise<Child> {
  return startChild({
    name: 'baseline (bare SDK)',
    command: process.execPath,
    args: [script],
    env: { BENCH_UPSTREAM_URL: upstream.url, BENCH_ACCESS_KEY: upstream.accessKey },
  });
}

/** The hop: one plain HTTP pass-through to the upstream (bench/servers/hop.ts). */
export async function startHop(script: string, upstream: Upstream): Promise<Child> {
  return startChild({ name: 'hop (node:http → undici)', command: process.execPath, args: [script], env: { BENCH_UPSTREAM_URL: upstream.url } });
}

export interface ToolgateOptions {
  upstream: Upstream;
  manifests?: string;
  /** Extra `serve` arguments (the gateway state, --no-auth) and environment. */
  args?: readonly string[];
  env?: NodeJS.ProcessEnv;
  port?: number;
  nodeArgs?: readonly string[];
  /** Another build's CLI entry (a dist/ copy's main.js), for an A/B of two builds; default bin/toolgate.js. */
  bin?: string;
}

/** `toolgate serve` from the real build, as a user runs it; the ready line carries the MCP URL. */
export async function startToolgate(options: ToolgateOptions): Promise<Child> {
  return startChild({
    name: 'toolgate',
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), options.bin ?? TOOLGATE_BIN, 'serve', '--manifests', options.manifests ?? GAINSIGHT_PACK, '--port', String(options.port ?? 0), ...(options.args ?? [])],
    env: { GAINSIGHT_BASE_URL: options.upstream.url, GAINSIGHT_ACCESS_KEY: options.upstream.accessKey, LOG_LEVEL: 'warn', ...options.env },
    ready: /^toolgate: serving \S+ \(\d+ tools\) at (\S+)/,
  });
}

/** The peer, @ivotoby/openapi-mcp-server, in its Streamable HTTP mode, quiet. */
export async function startPeer(upstream: Upstream): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const child = await startChild({
    name: 'peer (@ivotoby/openapi-mcp-server)',
    command: process.execPath,
    args: [
      PEER_BIN,
      '--api-base-url', upstream.url,
      '--openapi-spec', PEER_OPENAPI,
      '--headers', `accesskey:${upstream.accessKey}`,
      '--transport', 'http',
      '--host', '127.0.0.1',
      '--port', String(port),
      '--path', '/mcp',
      '--verbose', 'false',
    ],
    probe: () => answers(`http://127.0.0.1:${port}/health`),
  });
  return { child, url: `http://127.0.0.1:${port}/mcp` };
}
