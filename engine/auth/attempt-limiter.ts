/**
 * A fixed-window counter per key (e.g. email and IP for failed sign-ins, IP for registrations).
 * In memory and per replica: a brake on guessing and flooding, not an accounting system.
 */
export class AttemptLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the key may try again; 0 when it may try now. */
  blockedFor(key: string): number {
    const entry = this.windows.get(key);
    if (!entry || entry.resetAt <= this.now()) return 0;
    return entry.count >= this.max ? Math.ceil((entry.resetAt - this.now()) / 1000) : 0;
  }

  record(key: string): void {
    const now = this.now();
    if (this.windows.size > 10_000) this.prune(now);
    const entry = this.windows.get(key);
    if (!entry || entry.resetAt <= now) this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
    else entry.count += 1;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.windows) if (entry.resetAt <= now) this.windows.delete(key);
  }
}
