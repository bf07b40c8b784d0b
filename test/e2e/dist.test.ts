import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../auth/support/browser-less.js';
import { MemoryOAuthProvider, selfRegisteredClient } from '../auth/support/oauth-client.js';
import { buildBundle, type BundleBuild } from '../support/build-engine.js';
import { runCli, type CliRun } from '../support/cli.js';
import { startNotesUpstream, type NotesUpstream } from '../support/notes-upstream.js';
import { NOTES_PACK } from '../support/stack.js';

// `npm run build` bundles the CLI (scripts/build.ts), and bin/toolgate.js and `npm start` run the
// bundle. Every other test runs the sources; these run a fresh bundle of them, through what a
// bundle can break and the sources cannot: a package bundled beside the copy `require` loads (two
// instances: ajv's standalone code generator checks `instanceof` on ajv's own classes), a file a
// package finds next to its own module (PGlite's .wasm, oidc-provider), the `require` bundled
// CommonJS calls, the worker entry found next to the code that starts it.

let bundle: BundleBuild;
let upstream: NotesUpstream;
const REDIRECT = 'http://127.0.0.1:9/callback';

beforeAll(async () => {
  [bundle, upstream] = await Promise.all([buildBundle(), startNotesUpstream()]);
});
afterAll(async () => {
  await Promise.all([bundle?.remove(), upstream?.close()]);
});

function toolgate(args: string[], input?: string): CliRun {
  return runCli(args, { NOTES_BASE_URL: upstream.url }, { entry: bundle.main, input });
}

describe('the bundled CLI', () => {
  it('lints the shipped manifests, and generates what generated/ holds', async () => {
    const lint = toolgate(['lint', 'manifests']);
    expect(await lint.exited, lint.stderr()).toBe(0);
    expect(lint.stdout()).toMatch(/ 0 errors, 0 warnings\.\n$/);
    // The manifest validator is ajv standalone code made by this process's ajv: a second copy of
    // ajv in the bundle would serialise its code objects as JSON, and this check would fail.
    const generate = toolgate(['generate', '--check']);
    expect(await generate.exited, generate.stderr()).toBe(0);
    expect(generate.stdout()).toMatch(/are current\.\n$/);
  });

  it('serves with auth on: a user added with the CLI signs in with OAuth (PKCE, login, consent) and calls tools', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'toolgate-dist-state-'));
    const dataDir = path.join(dir, 'state');
    const email = 'dist-editor@example.com';
    const password = 'a-long-enough-password';
    let serve: CliRun | undefined;
    try {
      const added = toolgate(['users', 'add', '--email', email, '--role', 'editor', '--data-dir', dataDir], `${password}\n`);
      expect(await added.exited, added.stderr()).toBe(0);

      serve = toolgate(['serve', '--manifests', NOTES_PACK, '--port', '0', '--data-dir', dataDir]);
      const [, count, mcpUrl] = (await serve.waitFor(/toolgate: serving notes \((\d+) tools\) at (\S+)\n/))!;
      expect(Number(count)).toBe(6);

      const anonymous = await fetch(mcpUrl!, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer .*resource_metadata="/);

      const provider = new MemoryOAuthProvider(REDIRECT, selfRegisteredClient('dist test', REDIRECT));
      expect(await auth(provider, { serverUrl: mcpUrl! })).toBe('REDIRECT');
      const callback = await signIn(provider.authorizationUrl!, { serverOrigin: new URL(mcpUrl!).origin, email, password });
      expect(await auth(provider, { serverUrl: mcpUrl!, authorizationCode: callback.searchParams.get('code')! })).toBe('AUTHORIZED');

      const client = new Client({ name: 'dist-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl!), { authProvider: provider }));
      try {
        expect((await client.listTools()).tools).toHaveLength(6);
        const read = (await client.callTool({ name: 'get_note', arguments: { id: 'n-3' } })) as CallToolResult;
        expect(read.isError, JSON.stringify(read.content)).toBeFalsy();
        expect(read.structuredContent).toMatchObject({ id: 'n-3', title: 'Groceries' });
        const write = (await client.callTool({ name: 'create_note', arguments: { title: 'From the bundle', text: 'hello', context: 'Personal' } })) as CallToolResult;
        expect(write.isError, JSON.stringify(write.content)).toBeFalsy();
        const refused = (await client.callTool({ name: 'get_note', arguments: { id: 'n-3', extra: true } })) as CallToolResult;
        expect(refused.isError).toBe(true);
      } finally {
        await client.close();
      }
    } finally {
      serve?.child.kill('SIGTERM');
      if (serve) expect(await serve.exited).toBe(0);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
