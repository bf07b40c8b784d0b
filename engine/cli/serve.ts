import { parseCommandArgs } from './args.js';
import { describeStore, openGatewayStore } from '../auth/gateway-store.js';
import { AUTH_SERVE_HELP, AUTH_SERVE_OPTIONS, authFromArgs } from '../auth/serve-options.js';
import { ConfigurationError } from '../errors.js';
import { createLogger } from '../log.js';
import { startServer, type EmbeddedUpstreamStarter } from '../serve.js';

const HELP = `Usage: toolgate serve [options]

Serve the packs in the manifest directories as MCP tools over Streamable HTTP.

Options:
  --manifests DIR     manifest directory or file (repeatable; default: manifests/)
  --port N            port to listen on (default: $PORT or 8080; 0 picks a free port)
  --host H            address to bind (default: 127.0.0.1)
  --public-url URL    URL clients use to reach this server, for Host/Origin checks (repeatable)
  --allow-origin O    extra browser Origin allowed on the MCP endpoint (repeatable)
  -h, --help          show this help

${AUTH_SERVE_HELP}

A pack whose upstream base URL is unset and that names an embedded upstream (the gainsight-cs
pack names the sandbox) gets it started in-process on a loopback port.

Environment:
  TOOLGATE_WASM_TIER_UP=1  let V8 optimise PGlite's WebAssembly as it gets hot (TurboFan):
                           faster statements in the embedded store, about 55 MB more memory`;

/** Embedded upstreams shipped with toolgate, loaded only when a pack asks for one. */
const embedded: Record<string, EmbeddedUpstreamStarter> = {
  'gainsight-sandbox': async ({ logger }) => {
    const { startSandbox } = await import('../../sandbox/index.js');
    const sandbox = await startSandbox({ logger });
    return { url: sandbox.url, headers: { accesskey: sandbox.accessKey }, close: () => sandbox.close() };
  },
};

export async function runServeCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    'serve',
    argv,
    {
      options: {
        manifests: { type: 'string', multiple: true },
        port: { type: 'string' },
        host: { type: 'string' },
        'public-url': { type: 'string', multiple: true },
        'allow-origin': { type: 'string', multiple: true },
        ...AUTH_SERVE_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    },
    HELP,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`toolgate serve: --port must be an integer from 0 to 65535`);
    return 2;
  }
  let auth;
  try {
    auth = authFromArgs(values);
  } catch (error) {
    console.error(`toolgate serve: ${(error as Error).message}`);
    return 2;
  }
  const logger = createLogger();
  try {
    const server = await startServer({
      manifests: values.manifests ?? ['manifests/'],
      host: values.host ?? '127.0.0.1',
      port,
      logger,
      publicUrls: auth.publicUrls,
      allowedOrigins: values['allow-origin'],
      embedded,
      auth: auth.auth,
      store: () => openGatewayStore(auth.store),
    });
    for (const [name, url] of Object.entries(server.mcpUrls)) {
      if (!server.auth) logger.warn({ service: name }, 'AUTHENTICATION IS OFF (--no-auth): the endpoint is open to anything on this machine; loopback only, development only');
      console.log(`toolgate: serving ${name} (${server.registry.services.find((s) => s.service.name === name)?.tools.size ?? 0} tools) at ${url}`);
      if (server.auth && server.auth.resourceUrls[name] !== url) console.log(`toolgate: ${name} MCP URL for clients: ${server.auth.resourceUrls[name]}`);
    }
    if (server.auth) {
      console.log(`toolgate: OAuth issuer ${server.auth.issuer} (state: ${describeStore(auth.store)})`);
      if ((await server.auth.users.list()).length === 0) logger.warn('no users yet: nobody can sign in until one is added with `toolgate users add --email E --role editor`');
    }
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return await new Promise<number>(() => {});
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(`toolgate serve: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
