import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { silentLogger } from '../../engine/log.js';
import { startServer, type RunningServer, type ServeOptions } from '../../engine/serve.js';
import { startNotesUpstream, type NotesUpstream } from './notes-upstream.js';

export const NOTES_PACK = path.resolve('test/fixtures/packs/notes');

/** A real notes upstream and a real toolgate server in front of it, both on loopback port 0. */
export interface NotesStack {
  upstream: NotesUpstream;
  server: RunningServer;
  /** The notes service's MCP endpoint. */
  mcpUrl: string;
  /** A connected SDK client; closed with the stack. */
  connect(): Promise<Client>;
  close(): Promise<void>;
}

export type StackOptions = Partial<Omit<ServeOptions, 'logger'>>;

export async function startNotesStack(options: StackOptions = {}): Promise<NotesStack> {
  const upstream = await startNotesUpstream();
  let server: RunningServer;
  try {
    server = await startServer({
      manifests: [NOTES_PACK],
      port: 0,
      logger: silentLogger(),
      ...options,
      env: { ...process.env, NOTES_BASE_URL: upstream.url, ...options.env },
    });
  } catch (error) {
    await upstream.close();
    throw error;
  }
  const clients: Client[] = [];
  const mcpUrl = server.mcpUrls.notes!;
  return {
    upstream,
    server,
    mcpUrl,
    async connect() {
      const client = await connectClient(mcpUrl);
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await server.close();
      await upstream.close();
    },
  };
}

export async function connectClient(url: string, name = 'toolgate-e2e'): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

/** Call a tool and narrow the SDK's union result type to the current shape. */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The text of a result's first content block. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}

/** A copy of a pack in a fresh temp directory, edited for one test; removed by `remove`. */
export interface PackCopy {
  /** The temp directory that holds the pack (pass it as `manifests`). */
  dir: string;
  /** Replace text in a file of the copy; fails when the text is not there, so edits cannot go stale. */
  edit(file: string, from: string | RegExp, to: string): Promise<void>;
  write(file: string, text: string): Promise<void>;
  remove(): Promise<void>;
}

export async function copyPack(source = NOTES_PACK): Promise<PackCopy> {
  const root = await mkdtemp(path.join(tmpdir(), 'toolgate-pack-'));
  const dir = path.join(root, path.basename(source));
  await cp(source, dir, { recursive: true });
  return {
    dir,
    async edit(file, from, to) {
      const target = path.join(dir, file);
      const text = await readFile(target, 'utf8');
      const next = text.replace(from, to);
      if (next === text) throw new Error(`copyPack.edit: ${String(from)} not found in ${file}`);
      await writeFile(target, next);
    },
    write: (file, text) => writeFile(path.join(dir, file), text),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** A loopback port that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
