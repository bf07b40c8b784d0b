import type { MigrationSet } from '../store/index.js';

/**
 * The authorization server's state, in its own `auth` schema: OAuth clients (static ones made by
 * an admin and dynamically registered ones), oidc-provider's artefacts (grants, codes, refresh
 * tokens, sessions, interactions), local users, signing keys and the deny list of revoked JWT
 * access tokens. Everything a restart must keep lives here, so nothing is held only in memory.
 */
export const authMigrations: MigrationSet = {
  namespace: 'auth',
  migrations: [
    {
      id: '001-auth',
      sql: `
CREATE TABLE clients (
  client_id text PRIMARY KEY,
  -- oidc-provider client metadata; client_secret holds only a hash (see client-secret.ts).
  metadata jsonb NOT NULL,
  -- 'admin': made with \`toolgate clients add\`; 'registration': RFC 7591 dynamic registration.
  origin text NOT NULL CHECK (origin IN ('admin', 'registration')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE payloads (
  model text NOT NULL,
  id text NOT NULL,
  payload jsonb NOT NULL,
  grant_id text,
  uid text,
  user_code text,
  account_id text,
  client_id text,
  expires_at timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX payloads_grant_id ON payloads (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX payloads_uid ON payloads (uid) WHERE uid IS NOT NULL;
CREATE INDEX payloads_user_code ON payloads (user_code) WHERE user_code IS NOT NULL;
CREATE INDEX payloads_expires_at ON payloads (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX payloads_account_client ON payloads (account_id, client_id) WHERE account_id IS NOT NULL;

CREATE TABLE users (
  id text PRIMARY KEY,
  email text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

-- Signing keys (private JWKs) and other server secrets, made once by whichever replica starts
-- first and then shared, so tokens and cookies survive restarts and work on every replica.
CREATE TABLE secrets (
  name text PRIMARY KEY,
  value jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- JWT access tokens cannot be deleted like opaque ones: a revoked one is listed here until it expires.
CREATE TABLE revoked_tokens (
  jti text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
`,
    },
    {
      id: '002-token-state',
      // The state of an access token, read on every MCP request (token-verifier.ts). As a PL/pgSQL
      // function its plan is prepared once per connection instead of on every call: in PGlite the
      // same check costs under half as much (~0.35 ms instead of ~0.75 ms).
      sql: `
CREATE FUNCTION token_state(p_jti text, p_grant_id text, p_client_id text, p_subject text, p_ranges_key text)
RETURNS TABLE (revoked boolean, grant_alive boolean, client_exists boolean, ranges jsonb, role text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY SELECT
    EXISTS (SELECT 1 FROM auth.revoked_tokens r WHERE r.jti = p_jti),
    EXISTS (SELECT 1 FROM auth.payloads p WHERE p.model = 'Grant' AND p.id = p_grant_id AND (p.expires_at IS NULL OR p.expires_at > now())),
    EXISTS (SELECT 1 FROM auth.clients c WHERE c.client_id = p_client_id),
    (SELECT c.metadata -> p_ranges_key FROM auth.clients c WHERE c.client_id = p_client_id),
    (SELECT u.role FROM auth.users u WHERE u.id = p_subject);
END
$$;
`,
    },
    {
      id: '003-token-state-changes',
      // The verifier may keep a token's state between requests only if it hears of every change
      // to it (token-verifier.ts). Whoever writes the tables token_state reads (oidc-provider, the
      // CLI, an operator in psql), these triggers announce it on commit; in PGlite the announcement
      // reaches this process before the writing statement resolves. token_state also returns the
      // grant's expiry, because a grant stops being valid with no write at all.
      sql: `
CREATE FUNCTION announce_token_state_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('toolgate_token_state', '');
  RETURN NULL;
END
$$;
CREATE TRIGGER revoked_tokens_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON revoked_tokens FOR EACH STATEMENT EXECUTE FUNCTION announce_token_state_change();
CREATE TRIGGER payloads_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON payloads FOR EACH STATEMENT EXECUTE FUNCTION announce_token_state_change();
CREATE TRIGGER clients_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON clients FOR EACH STATEMENT EXECUTE FUNCTION announce_token_state_change();
CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION announce_token_state_change();

DROP FUNCTION token_state(text, text, text, text, text);
CREATE FUNCTION token_state(p_jti text, p_grant_id text, p_client_id text, p_subject text, p_ranges_key text)
RETURNS TABLE (revoked boolean, grant_alive boolean, grant_expires_at timestamptz, client_exists boolean, ranges jsonb, role text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY SELECT
    EXISTS (SELECT 1 FROM auth.revoked_tokens r WHERE r.jti = p_jti),
    EXISTS (SELECT 1 FROM auth.payloads p WHERE p.model = 'Grant' AND p.id = p_grant_id AND (p.expires_at IS NULL OR p.expires_at > now())),
    (SELECT p.expires_at FROM auth.payloads p WHERE p.model = 'Grant' AND p.id = p_grant_id),
    EXISTS (SELECT 1 FROM auth.clients c WHERE c.client_id = p_client_id),
    (SELECT c.metadata -> p_ranges_key FROM auth.clients c WHERE c.client_id = p_client_id),
    (SELECT u.role FROM auth.users u WHERE u.id = p_subject);
END
$$;
`,
    },
  ],
};
