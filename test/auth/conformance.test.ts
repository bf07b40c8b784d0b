import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../support/stack.js';
import { EDITOR, startAuthStack, type AuthStack } from './support/auth-stack.js';
import { signIn } from './support/browser-less.js';

// The MCP conformance suite's authorization-server scenarios (@modelcontextprotocol/conformance
// 0.2.0-alpha, installed as mcp-conformance-authorization) against our issuer:
// authorization-server-metadata-endpoint and authorization-code-grant. The suite prints the
// authorization URL and waits for its callback; the sign-in in between is done over HTTP, as a
// user would in a browser. On Node 20 the suite needs fs.globSync (Node 22): a resolve hook adds it.

const SUITE = path.resolve('node_modules/mcp-conformance-authorization/dist/index.js');
const SHIM = pathToFileURL(path.resolve('test/auth/conformance/register-fs-glob.mjs')).href;
const nodeMajor = Number(process.versions.node.split('.')[0]);

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
}

let out: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'toolgate-conformance-'));
});
afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

function runSuite(args: string[]): { child: ChildProcess; output: () => string; authorizationUrl: Promise<string>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [...(nodeMajor < 22 ? ['--import', SHIM] : []), SUITE, 'authorization', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const authorizationUrl = new Promise<string>((resolve, reject) => {
    const look = (chunk: string) => {
      output += chunk;
      const match = /^(http:\/\/127\.0\.0\.1:\d+\/v1\/authorize\?\S+)$/m.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.setEncoding('utf8').on('data', look);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('exit', () => reject(new Error(`the suite ended before asking for the sign-in:\n${output}`)));
  });
  authorizationUrl.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, authorizationUrl, exited };
}

async function checksIn(dir: string): Promise<Check[]> {
  const files = (await readdir(dir, { recursive: true })).map(String).filter((f) => f.endsWith('checks.json'));
  const checks: Check[] = [];
  for (const file of files) checks.push(...(JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Check[]));
  return checks;
}

// The suite authenticates with `none` whenever the server offers it, even when given a secret, so
// the confidential client runs against a server configured without public clients (where it
// picks client_secret_post).
describe.each([
  ['a public client (PKCE only, the default configuration)', true],
  ['a confidential client (client_secret_post, public clients off)', false],
] as const)('conformance authorization scenarios with %s', (_name, isPublic) => {
  let stack: AuthStack;
  beforeAll(async () => {
    // Client ID Metadata Documents on, so the suite's SHOULD check (client_id_metadata_document_supported) passes too.
    stack = await startAuthStack({ settings: { clientIdMetadataDocuments: true, publicClients: isPublic } });
  });
  afterAll(() => stack?.close());

  it('passes every check of authorization-server-metadata-endpoint and authorization-code-grant', async () => {
    const port = await closedPort();
    const redirect = `http://127.0.0.1:${port}/callback`;
    const client = await stack.addClient({ name: 'MCP conformance suite', redirectUris: [redirect], public: isPublic });
    const dir = path.join(out, isPublic ? 'public' : 'confidential');
    const run = runSuite([
      '--url', stack.issuer,
      '--client-id', client.clientId,
      ...(client.clientSecret ? ['--client-secret', client.clientSecret] : []),
      '--resource', stack.mcpUrl,
      '--port', String(port),
      '--output-dir', dir,
    ]);
    try {
      const callback = await signIn(await run.authorizationUrl, { serverOrigin: stack.origin, ...EDITOR });
      expect(callback.origin).toBe(`http://127.0.0.1:${port}`);
      // The suite's own callback server receives the code, as from the browser.
      await (await fetch(callback)).text();
      const code = await run.exited;
      const checks = await checksIn(dir);
      expect(checks.map((c) => c.id).sort()).toEqual(['authorization-code-grant', 'authorization-server-metadata', 'authorization-server-metadata-cimd']);
      expect(checks.filter((c) => c.status !== 'SUCCESS'), run.output()).toEqual([]);
      expect(code, run.output()).toBe(0);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 60_000);
});
