import type { Sql, Store } from '../store/index.js';
import { ALLOWED_IP_RANGES } from './clients.js';

/** What the store says about an access token now: everything its signature cannot prove. */
export interface TokenState {
  revoked: boolean;
  grant_alive: boolean;
  /** The grant's expiry; it stops being alive then, with no write to announce it. */
  grant_expires_at: Date | null;
  client_exists: boolean;
  ranges: unknown;
  role: string | null;
}

export interface TokenFacts {
  jti: string;
  grantId: string;
  clientId: string;
  subject: string;
}

/** Announced by the auth migration 003-token-state-changes on every change to what token_state reads. */
const CHANNEL = 'toolgate_token_state';
const CACHE_MAX = 10_000;

/**
 * Reads `auth.token_state` (revocation, grant, client, user role, IP ranges) for the verifier.
 *
 * A client sends the same token on every call, and in embedded PGlite this one query was the
 * largest cost of an authenticated call (~1 ms of CPU). Where the store announces every change
 * synchronously (`Store.subscribe`: PGlite, whose directory one process owns), an answer is kept
 * until the next change of any of the four tables, or the grant's expiry, whichever comes first,
 * so revocation is still seen by the very next request. An answer read while a change was being
 * announced is not kept (the generation it was asked under is gone). Elsewhere (PostgreSQL, shared
 * by replicas and CLIs whose notifications arrive later) every request asks the store.
 */
export class TokenStateReader {
  private generation = 0;
  private readonly cache = new Map<string, { generation: number; state: TokenState; until: number }>();
  private stop: (() => Promise<void>) | undefined;

  private constructor(private readonly sql: Sql) {}

  static async open(store: Sql & Pick<Store, 'subscribe'>): Promise<TokenStateReader> {
    const reader = new TokenStateReader(store);
    // Subscribed before the first read, so nothing kept can predate a change it did not hear of.
    if (store.subscribe) reader.stop = await store.subscribe(CHANNEL, () => reader.changed());
    return reader;
  }

  /** True when answers are kept between requests. */
  get caching(): boolean {
    return this.stop !== undefined;
  }

  async read(facts: TokenFacts): Promise<TokenState> {
    const key = `${facts.jti}\u0000${facts.grantId}\u0000${facts.clientId}\u0000${facts.subject}`;
    const kept = this.cache.get(key);
    if (kept && kept.generation === this.generation && Date.now() < kept.until) return kept.state;
    const generation = this.generation;
    const { rows } = await this.sql.query<TokenState>(`SELECT * FROM auth.token_state($1, $2, $3, $4, $5)`, [facts.jti, facts.grantId, facts.clientId, facts.subject, ALLOWED_IP_RANGES]);
    const state = rows[0]!;
    if (this.caching && generation === this.generation) {
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(key, { generation, state, until: state.grant_expires_at ? new Date(state.grant_expires_at).getTime() : Infinity });
    }
    return state;
  }

  private changed(): void {
    this.generation += 1;
    this.cache.clear();
  }

  async close(): Promise<void> {
    const stop = this.stop;
    this.stop = undefined;
    this.cache.clear();
    await stop?.();
  }
}
