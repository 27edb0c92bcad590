import { Random } from '../district/prng.js';

/**
 * Fault knobs for the simulator. Every random decision comes from one seeded PRNG so a test
 * that sets `seed` sees the same sequence of injected failures on every run.
 */
interface SlowPage {
  /** Request path, e.g. `/v3.0/users`. */
  path: string;
  /** Only the page requested with this `starting_after` (omit: the first page, null: any). */
  startingAfter?: string | null;
  delayMs: number;
}

export interface FaultSettings {
  /** Added to every Data/Events API response. */
  latencyMs: number;
  /** Share (0..1) of requests answered with an injected 429. */
  rate429: number;
  /** Share (0..1) of requests answered with an injected 500/503. */
  rate5xx: number;
  /** Share (0..1) of 200 responses whose JSON body is cut short. */
  malformedRate: number;
  slowPage: SlowPage | null;
  seed: number;
}

const NO_FAULTS: FaultSettings = { latencyMs: 0, rate429: 0, rate5xx: 0, malformedRate: 0, slowPage: null, seed: 1 };

export type FaultDecision = 'none' | 'rate-limit' | 'server-error' | 'malformed';

/** Fault dice from the district generator's seeded PRNG, so a seed replays the same faults. */
function mulberry32(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

export class FaultInjector {
  /** How many faults were injected so far, so tests can show their retries were exercised. */
  readonly injected = { rateLimit: 0, serverError: 0, malformed: 0 };
  private current: FaultSettings;
  private random: () => number;

  constructor(settings: Partial<FaultSettings> = {}) {
    this.current = { ...NO_FAULTS, ...settings };
    this.random = mulberry32(this.current.seed);
  }

  get settings(): Readonly<FaultSettings> {
    return this.current;
  }

  /** Merges knobs; a new `seed` restarts the PRNG sequence. */
  update(settings: Partial<FaultSettings>): void {
    this.current = { ...this.current, ...settings };
    if (settings.seed !== undefined) this.random = mulberry32(settings.seed);
  }

  reset(): void {
    this.current = { ...NO_FAULTS };
    this.random = mulberry32(NO_FAULTS.seed);
  }

  /** One draw per request decides which fault, if any, it gets. */
  decide(): FaultDecision {
    const { rate429, rate5xx, malformedRate } = this.current;
    if (rate429 + rate5xx + malformedRate <= 0) return 'none';
    const roll = this.random();
    const decision: FaultDecision =
      roll < rate429 ? 'rate-limit' : roll < rate429 + rate5xx ? 'server-error' : roll < rate429 + rate5xx + malformedRate ? 'malformed' : 'none';
    if (decision === 'rate-limit') this.injected.rateLimit += 1;
    if (decision === 'server-error') this.injected.serverError += 1;
    if (decision === 'malformed') this.injected.malformed += 1;
    return decision;
  }

  /** Server errors alternate between 500 and 503 to exercise both. */
  serverErrorStatus(): 500 | 503 {
    return this.random() < 0.5 ? 500 : 503;
  }

  delayFor(path: string, startingAfter: string | null): number {
    let delay = this.current.latencyMs;
    const slow = this.current.slowPage;
    if (slow && slow.path === path) {
      const wanted = slow.startingAfter === undefined ? null : slow.startingAfter;
      if (slow.startingAfter === null || wanted === startingAfter) delay += slow.delayMs;
    }
    return delay;
  }
}
