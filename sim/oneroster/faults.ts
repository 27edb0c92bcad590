import { Random } from '../district/prng.js';

/**
 * Fault knobs of the simulator, named like the Clever simulator's so one test harness can
 * drive both. Rates are probabilities per rostering request, drawn from a seeded PRNG so a
 * run with the same seed and the same request sequence fails the same way.
 */
export interface FaultSettings {
  /** Extra latency added to every rostering response. */
  latencyMs: number;
  /** Share of requests answered 429 server_busy (with Retry-After). */
  rateLimitRate: number;
  /** Share of requests answered 500/503. */
  serverErrorRate: number;
  /** Share of 200 responses whose JSON body is cut short. */
  malformedRate: number;
  /** One path prefix (after the API base) answered slowly, e.g. `/users`. */
  slowPage?: { path: string; delayMs: number };
  /** Retry-After sent with 429s, in seconds (RFC 9110 §10.2.3). */
  retryAfterSeconds: number;
  seed: number;
}

export type FaultOutcome = { kind: 'none' } | { kind: 'rate_limited' } | { kind: 'server_error'; status: 500 | 503 } | { kind: 'malformed' };

const NO_FAULTS: FaultSettings = {
  latencyMs: 0,
  rateLimitRate: 0,
  serverErrorRate: 0,
  malformedRate: 0,
  retryAfterSeconds: 1,
  seed: 1,
};

/** Fault dice from the district generator's seeded PRNG, so a seed replays the same faults. */
function seededRandom(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

export class FaultInjector {
  private settings: FaultSettings;
  private random: () => number;

  constructor(initial: Partial<FaultSettings> = {}) {
    this.settings = { ...NO_FAULTS, ...initial };
    this.random = seededRandom(this.settings.seed);
  }

  get current(): Readonly<FaultSettings> {
    return this.settings;
  }

  /** Merges knobs; a new `seed` restarts the PRNG sequence. `slowPage: null` clears it. */
  update(patch: Partial<Omit<FaultSettings, 'slowPage'>> & { slowPage?: FaultSettings['slowPage'] | null }): void {
    const { slowPage, ...rest } = patch;
    const next: FaultSettings = { ...this.settings, ...rest };
    if (slowPage === null) delete next.slowPage;
    else if (slowPage !== undefined) next.slowPage = slowPage;
    this.settings = next;
    if (patch.seed !== undefined) this.random = seededRandom(patch.seed);
  }

  reset(): void {
    this.settings = { ...NO_FAULTS };
    this.random = seededRandom(NO_FAULTS.seed);
  }

  delayFor(path: string): number {
    const slow = this.settings.slowPage;
    return this.settings.latencyMs + (slow && path.startsWith(slow.path) ? slow.delayMs : 0);
  }

  /** One draw per request decides its fate, so the sequence does not depend on which knobs are on. */
  draw(): FaultOutcome {
    const roll = this.random();
    const { rateLimitRate, serverErrorRate, malformedRate } = this.settings;
    if (roll < rateLimitRate) return { kind: 'rate_limited' };
    if (roll < rateLimitRate + serverErrorRate) return { kind: 'server_error', status: roll < rateLimitRate + serverErrorRate / 2 ? 500 : 503 };
    if (roll < rateLimitRate + serverErrorRate + malformedRate) return { kind: 'malformed' };
    return { kind: 'none' };
  }
}
