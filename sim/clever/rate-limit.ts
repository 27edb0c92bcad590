/**
 * Clever's documented limit is 1200 requests per minute per district token, reported on every
 * response as X-RateLimit-Limit / X-RateLimit-Remaining / X-RateLimit-Reset (Unix seconds).
 * The simulator counts in fixed windows aligned to the epoch; the window is configurable so
 * tests can cross a boundary quickly.
 */
export interface RateLimitSettings {
  limit: number;
  windowMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends, in epoch milliseconds. */
  resetAtMs: number;
}

export class FixedWindowRateLimiter {
  private readonly counts = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private settings: RateLimitSettings,
    private readonly now: () => number,
  ) {}

  configure(settings: Partial<RateLimitSettings>): void {
    this.settings = { ...this.settings, ...settings };
    this.counts.clear();
  }

  hit(key: string): RateLimitDecision {
    const { limit, windowMs } = this.settings;
    const now = this.now();
    const windowStart = Math.floor(now / windowMs) * windowMs;
    let entry = this.counts.get(key);
    if (!entry || entry.windowStart !== windowStart) {
      entry = { windowStart, count: 0 };
      this.counts.set(key, entry);
    }
    entry.count += 1;
    const allowed = entry.count <= limit;
    return { allowed, limit, remaining: Math.max(0, limit - entry.count), resetAtMs: windowStart + windowMs };
  }
}
