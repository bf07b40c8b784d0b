import { silentLogger } from '../../../engine/log.js';
import { ClientRegistry, type NewClient } from '../../../engine/auth/clients.js';
import type { AuthSettingsInput } from '../../../engine/auth/settings.js';
import { startServer, type RunningServer } from '../../../engine/serve.js';
import { openStore, type Store } from '../../../engine/store/index.js';
import { startNotesUpstream, type NotesUpstream } from '../../support/notes-upstream.js';
import { NOTES_PACK } from '../../support/stack.js';
import { signIn } from './browser-less.js';

export interface Credentials {
  email: string;
  password: string;
}

export const VIEWER: Credentials = { email: 'viewer@example.com', password: 'viewer-password-1' };
export const EDITOR: Credentials = { email: 'editor@example.com', password: 'editor-password-1' };

export interface AuthStackOptions {
  settings?: AuthSettingsInput;
  /** PGlite data directory, so that a restart keeps the state; in memory without. */
  dataDir?: string;
  /** Another store (e.g. PostgreSQL), reopened on restart. Wins over dataDir. */
  open?: () => Promise<Store>;
  publicUrl?: string;
  allowedOrigins?: string[];
}

/** The notes upstream and a toolgate server with auth on, a viewer and an editor, on loopback port 0. */
export interface AuthStack {
  upstream: NotesUpstream;
  server: RunningServer;
  store: Store;
  /** http://127.0.0.1:PORT */
  origin: string;
  issuer: string;
  /** The notes MCP URL: the token audience. */
  mcpUrl: string;
  clients: ClientRegistry;
  addClient(client: Partial<NewClient> & { redirectUris: string[] }): Promise<{ clientId: string; clientSecret?: string }>;
  /** Stops the server and starts it again on the same port and state (a process restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startAuthStack(options: AuthStackOptions = {}): Promise<AuthStack> {
  const upstream = await startNotesUpstream();
  const persistent = Boolean(options.open ?? options.dataDir);
  const open = options.open ?? (() => openStore({ dataDir: options.dataDir }));
  let store = await open();
  const start = (port = 0) =>
    startServer({
      manifests: [NOTES_PACK],
      port,
      logger: silentLogger(),
      env: { ...process.env, NOTES_BASE_URL: upstream.url },
      auth: { settings: options.settings, publicUrl: options.publicUrl },
      allowedOrigins: options.allowedOrigins,
      store,
    });
  let server = await start();
  for (const [user, role] of [
    [VIEWER, 'viewer'],
    [EDITOR, 'editor'],
  ] as const) {
    await server.auth!.users.add({ ...user, role });
  }
  const stack: AuthStack = {
    upstream,
    server,
    store,
    origin: server.url,
    issuer: server.auth!.issuer,
    mcpUrl: server.auth!.resourceUrls.notes!,
    clients: new ClientRegistry(store),
    addClient: (client) => stack.clients.add({ name: 'Test client', ...client }),
    async restart() {
      const port = server.port;
      await server.close();
      if (persistent) {
        await store.close();
        store = await open();
        stack.store = store;
        stack.clients = new ClientRegistry(store);
      }
      server = await start(port);
      stack.server = server;
    },
    async close() {
      await server.close();
      await store.close();
      await upstream.close();
    },
  };
  return stack;
}

/** Sign in as `user` at the given authorization URL and return the code from the redirect. */
export async function authorize(stack: AuthStack, url: URL | string, user: Credentials, consent: 'allow' | 'deny' = 'allow'): Promise<URL> {
  return signIn(url, { serverOrigin: stack.origin, ...user, consent });
}
