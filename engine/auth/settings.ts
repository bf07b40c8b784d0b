/** Where each authorization-server endpoint answers. Authorize and token follow the seed article's Gainsight paths. */
export interface AuthPaths {
  authorization: string;
  token: string;
  /** Other paths that answer exactly like the token endpoint (the real Gainsight token path). */
  tokenAliases: readonly string[];
  revocation: string;
  introspection: string;
  jwks: string;
  registration: string;
  /** The login and consent pages live below this path: `<interaction>/<uid>`. */
  interaction: string;
}

export interface AuthSettings {
  paths: AuthPaths;
  registration: {
    /** RFC 7591 Dynamic Client Registration (on by default: Claude and ChatGPT register themselves). */
    enabled: boolean;
    /** Hosts a dynamically registered client may use in its redirect URIs (exact host match). */
    allowedRedirectHosts: readonly string[];
    /** Registrations accepted per client IP per hour (in-memory, per replica). */
    perIpPerHour: number;
  };
  /** OAuth Client ID Metadata Documents (an https client_id naming its own metadata), off by default. */
  clientIdMetadataDocuments: boolean;
  /** Public clients (token_endpoint_auth_method none: PKCE only, no secret), on by default. */
  publicClients: boolean;
  /** Peers (CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; nobody else's are. */
  trustedProxies: readonly string[];
  /** Lifetimes, in seconds. */
  ttl: {
    accessToken: number;
    authorizationCode: number;
    /** Idle lifetime: each rotation starts a new period, up to the grant's end. */
    refreshToken: number;
    /** Absolute lifetime of a user's consent to a client, and of every refresh token under it. */
    grant: number;
    /** The browser sign-in session on the login page. */
    session: number;
    /** Time to finish logging in and consenting. */
    interaction: number;
  };
  /** Failed sign-ins allowed per email and IP address within the window (in-memory, per replica). */
  loginAttempts: { max: number; windowSeconds: number };
}

export const DEFAULT_REDIRECT_HOSTS: readonly string[] = [
  'claude.ai',
  'claude.com',
  'chatgpt.com',
  'global.consent.azure-apim.net',
  // RFC 8252 §7.3: native and command-line clients (Claude Code, the MCP Inspector) listen on loopback.
  'localhost',
  '127.0.0.1',
  '[::1]',
];

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  paths: {
    authorization: '/v1/authorize',
    token: '/v1/users/oauth/access/token',
    tokenAliases: ['/v1/users/oauth/token'],
    revocation: '/v1/users/oauth/revoke',
    introspection: '/v1/users/oauth/introspect',
    jwks: '/v1/oauth/jwks',
    registration: '/v1/oauth/register',
    interaction: '/v1/oauth/interaction',
  },
  registration: { enabled: true, allowedRedirectHosts: DEFAULT_REDIRECT_HOSTS, perIpPerHour: 30 },
  clientIdMetadataDocuments: false,
  publicClients: true,
  trustedProxies: [],
  ttl: {
    accessToken: 3600,
    authorizationCode: 60,
    refreshToken: 30 * 24 * 3600,
    grant: 90 * 24 * 3600,
    session: 8 * 3600,
    interaction: 15 * 60,
  },
  loginAttempts: { max: 10, windowSeconds: 15 * 60 },
};

export type AuthSettingsInput = {
  [K in keyof AuthSettings]?: AuthSettings[K] extends readonly unknown[] ? AuthSettings[K] : Partial<AuthSettings[K]>;
};

export function resolveAuthSettings(input: AuthSettingsInput = {}): AuthSettings {
  const d = DEFAULT_AUTH_SETTINGS;
  const settings: AuthSettings = {
    paths: { ...d.paths, ...input.paths },
    registration: { ...d.registration, ...input.registration },
    clientIdMetadataDocuments: input.clientIdMetadataDocuments ?? d.clientIdMetadataDocuments,
    publicClients: input.publicClients ?? d.publicClients,
    trustedProxies: input.trustedProxies ?? d.trustedProxies,
    ttl: { ...d.ttl, ...input.ttl },
    loginAttempts: { ...d.loginAttempts, ...input.loginAttempts },
  };
  for (const [name, path] of Object.entries(settings.paths)) {
    for (const p of Array.isArray(path) ? path : [path]) {
      if (typeof p !== 'string' || !/^\/[A-Za-z0-9._~\/-]*$/.test(p) || p.includes('//') || p.endsWith('/')) {
        throw new Error(`auth path ${name} must be an absolute path without a trailing slash, not ${JSON.stringify(p)}`);
      }
    }
  }
  for (const [name, seconds] of Object.entries(settings.ttl)) {
    if (!Number.isInteger(seconds) || seconds <= 0) throw new Error(`auth ttl.${name} must be a positive number of seconds`);
  }
  if (settings.ttl.refreshToken > settings.ttl.grant) throw new Error('auth ttl.refreshToken cannot be longer than ttl.grant');
  return settings;
}
