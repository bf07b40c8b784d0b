import type { AuthOptions } from './auth.js';
import { DEFAULT_GATEWAY_DATA_DIR, gatewayStoreOptions, type GatewayStoreOptions } from './gateway-store.js';
import { parseCidr } from './ip-ranges.js';

/** `toolgate serve`'s authentication and storage options (node:util parseArgs), kept beside the code they configure. */
export const AUTH_SERVE_OPTIONS = {
  'no-auth': { type: 'boolean' },
  'data-dir': { type: 'string' },
  'trusted-proxy': { type: 'string', multiple: true },
  'no-registration': { type: 'boolean' },
  'registration-redirect-host': { type: 'string', multiple: true },
  'client-id-metadata-documents': { type: 'boolean' },
  'no-public-clients': { type: 'boolean' },
  'access-token-ttl': { type: 'string' },
} as const;

export const AUTH_SERVE_HELP = `Authentication (OAuth 2.1 with PKCE; on unless --no-auth):
  --no-auth           serve without authentication (development only; loopback only)
  --data-dir D        gateway state (clients, users, grants, audit) in PGlite at D
                      (default: $TOOLGATE_DATA_DIR or ${DEFAULT_GATEWAY_DATA_DIR}; memory:// keeps it in memory);
                      DATABASE_URL=postgres://… uses PostgreSQL instead
  --trusted-proxy C   a proxy (CIDR) whose X-Forwarded-For/-Proto are believed (repeatable;
                      also $TOOLGATE_TRUSTED_PROXIES, comma-separated); needed behind https
  --no-registration   turn Dynamic Client Registration off (admin-made clients only)
  --registration-redirect-host H
                      a host dynamically registered clients may redirect to (repeatable;
                      replaces the default list: claude.ai, claude.com, chatgpt.com,
                      global.consent.azure-apim.net and loopback)
  --client-id-metadata-documents
                      accept https client_ids that name their own metadata document
  --no-public-clients refuse clients without a secret (token_endpoint_auth_method none)
  --access-token-ttl S
                      access token lifetime in seconds (default 3600)

The first --public-url (or $TOOLGATE_PUBLIC_URL) is the OAuth issuer; each MCP URL, the tokens'
audience, is that origin plus the endpoint's path. Users and clients: toolgate users|clients --help.`;

export interface ServeAuthValues {
  'no-auth'?: boolean;
  'data-dir'?: string;
  'trusted-proxy'?: string[];
  'no-registration'?: boolean;
  'registration-redirect-host'?: string[];
  'client-id-metadata-documents'?: boolean;
  'no-public-clients'?: boolean;
  'access-token-ttl'?: string;
  'public-url'?: string[];
}

/** Turns the flags (and environment) into startServer's `auth` option and the store to open. Throws a usage message. */
export function authFromArgs(values: ServeAuthValues, env: NodeJS.ProcessEnv = process.env): { auth?: AuthOptions; store: GatewayStoreOptions; publicUrls?: string[] } {
  const publicUrls = values['public-url'] ?? (env.TOOLGATE_PUBLIC_URL ? [env.TOOLGATE_PUBLIC_URL] : undefined);
  const store = gatewayStoreOptions(values['data-dir'], env);
  if (values['no-auth']) return { store, publicUrls };
  const trustedProxies = values['trusted-proxy'] ?? (env.TOOLGATE_TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const cidr of trustedProxies) {
    const parsed = parseCidr(cidr);
    if ('error' in parsed) throw new Error(`--trusted-proxy: ${parsed.error}`);
  }
  const ttl = values['access-token-ttl'];
  if (ttl !== undefined && !/^[1-9]\d*$/.test(ttl)) throw new Error('--access-token-ttl must be a positive number of seconds');
  const hosts = values['registration-redirect-host'];
  return {
    store,
    publicUrls,
    auth: {
      publicUrl: publicUrls?.[0],
      settings: {
        trustedProxies,
        clientIdMetadataDocuments: values['client-id-metadata-documents'] ?? env.TOOLGATE_CLIENT_ID_METADATA_DOCUMENTS === '1',
        publicClients: !values['no-public-clients'],
        registration: { enabled: !values['no-registration'], ...(hosts ? { allowedRedirectHosts: hosts.map((h) => h.toLowerCase()) } : {}) },
        ...(ttl ? { ttl: { accessToken: Number(ttl) } } : {}),
      },
    },
  };
}
