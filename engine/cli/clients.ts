import { parseCommandArgs } from './args.js';
import { table, withAdminStore } from '../auth/admin-store.js';
import { ClientRegistry } from '../auth/clients.js';
import { ToolgateError } from '../errors.js';

const HELP = `Usage: toolgate clients <add|update|list|remove|rotate-secret> [options]

OAuth clients of this server (the seed article's "OAuth Applications"): one per connector
(ChatGPT, Claude, Copilot Studio…), with its exact callback URLs.

  toolgate clients add --name N --redirect-uri U... [--allowed-ip CIDR...] [--scope S...] [--public]
      Prints the client id and the client secret. The secret is shown once: only its hash is kept.
      --redirect-uri U   an exact callback URL (repeatable): https, or http on loopback
      --allowed-ip CIDR  only accept token requests and MCP calls from these ranges (repeatable)
      --scope S          the only scopes this client may be granted (repeatable; default: all)
      --public           a public client (PKCE only, no secret)
  toolgate clients update CLIENT_ID [--name N] [--redirect-uri U...] [--allowed-ip CIDR... | --any-ip]
                        [--scope S... | --all-scopes]
      Replaces what is given (e.g. the callback URL a connector shows once it has the client id);
      the secret and the tokens already issued stay.
  toolgate clients list [--json]
  toolgate clients remove CLIENT_ID          also revokes everything issued to the client
  toolgate clients rotate-secret CLIENT_ID   prints a new secret; the old one stops working

Common options:
  --data-dir D   the gateway's PGlite directory (as for toolgate serve; default .data/gateway);
                 DATABASE_URL=postgres://… selects PostgreSQL
  -h, --help     show this help`;

export async function runClientsCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    'clients',
    argv,
    {
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        'redirect-uri': { type: 'string', multiple: true },
        'allowed-ip': { type: 'string', multiple: true },
        scope: { type: 'string', multiple: true },
        public: { type: 'boolean' },
        'any-ip': { type: 'boolean' },
        'all-scopes': { type: 'boolean' },
        json: { type: 'boolean' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    HELP,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [action, ...rest] = positionals;
  if (!action) {
    console.error(HELP);
    return 2;
  }
  const usage = (message: string) => {
    console.error(`toolgate clients ${action}: ${message}\n\n${HELP}`);
    return 2;
  };
  if (action === 'add' && !values.name) return usage('--name is required');
  if ((action === 'remove' || action === 'rotate-secret' || action === 'update') && rest.length !== 1) return usage('give exactly one CLIENT_ID');
  if (!['add', 'update', 'list', 'remove', 'rotate-secret'].includes(action)) return usage(`unknown action ${action}`);
  if (values['any-ip'] && values['allowed-ip']) return usage('--any-ip and --allowed-ip exclude each other');
  if (values['all-scopes'] && values.scope) return usage('--all-scopes and --scope exclude each other');
  try {
    return await withAdminStore(values['data-dir'], async (store, where) => {
      const clients = new ClientRegistry(store);
      switch (action) {
        case 'add': {
          const { clientId, clientSecret } = await clients.add({
            name: values.name!,
            redirectUris: values['redirect-uri'] ?? [],
            allowedIpRanges: values['allowed-ip'],
            scopes: values.scope,
            public: values.public,
          });
          console.log(`Client ID:     ${clientId}`);
          if (clientSecret) {
            console.log(`Client secret: ${clientSecret}`);
            console.error('Copy the client secret now: it is not stored and cannot be shown again (toolgate clients rotate-secret makes a new one).');
          } else {
            console.log('Client secret: none (public client: PKCE only)');
          }
          console.error(`(stored in ${where})`);
          return 0;
        }
        case 'update': {
          const updated = await clients.update(rest[0]!, {
            name: values.name,
            redirectUris: values['redirect-uri'],
            allowedIpRanges: values['any-ip'] ? [] : values['allowed-ip'],
            scopes: values['all-scopes'] ? [] : values.scope,
          });
          console.log(`Updated ${updated.clientId} (${updated.name}): redirect URIs ${updated.redirectUris.join(' ')}; allowed IPs ${updated.allowedIpRanges.join(',') || 'any'}; scopes ${updated.scopes.join(' ') || 'all'}.`);
          return 0;
        }
        case 'list': {
          const list = await clients.list();
          if (values.json) {
            console.log(JSON.stringify(list, null, 2));
          } else if (list.length === 0) {
            console.log(`No clients in ${where}.`);
          } else {
            console.log(
              table(
                ['CLIENT ID', 'NAME', 'ORIGIN', 'AUTH', 'ALLOWED IPS', 'REDIRECT URIS'],
                list.map((c) => [c.clientId, c.name, c.origin, c.authMethod, c.allowedIpRanges.join(',') || 'any', c.redirectUris.join(' ')]),
              ),
            );
          }
          return 0;
        }
        case 'remove':
          await clients.remove(rest[0]!);
          console.log(`Removed client ${rest[0]} and everything issued to it.`);
          return 0;
        default: {
          const secret = await clients.rotateSecret(rest[0]!);
          console.log(`Client secret: ${secret}`);
          console.error('Copy the client secret now: it is not stored and cannot be shown again. Update the connector (ChatGPT, Claude, Copilot Studio) with it.');
          return 0;
        }
      }
    });
  } catch (error) {
    if (error instanceof ToolgateError) {
      console.error(`toolgate clients ${action}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
