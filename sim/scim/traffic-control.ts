/**
 * Test knobs shared by the loopback SCIM servers: request counters (so a suite can assert
 * "a dry run made zero writes") and injected faults (so retry behaviour is exercised against
 * a real server instead of a mock). Faults are answered in front of the real server and never
 * reach it, exactly like a rate-limiting gateway or an overloaded load balancer would.
 */

type FaultStatus = 429 | 500 | 502 | 503 | 504;

export interface FaultPlan {
  status: FaultStatus;
  /** How many of the next matching requests fail. */
  count: number;
  /** Value of the retry header, e.g. "1" (seconds) or an HTTP date. Omitted when undefined. */
  retryAfter?: string;
  /** `Retry-After` is RFC 9110's; `X-Retry-After` is what better-auth's rate limiter sends. */
  retryAfterHeader?: 'Retry-After' | 'X-Retry-After';
  /** Only requests with this method fail (e.g. 'POST'); any method when omitted. */
  method?: string;
  /** Only requests whose path matches fail; any path when omitted. */
  path?: RegExp;
}

export interface FaultResponse {
  status: FaultStatus;
  headers: Record<string, string>;
  body: string;
}

export interface TrafficCounters {
  /** Every request that arrived, including the ones answered by an injected fault. */
  received: number;
  /** Requests the real server handled, by HTTP method. */
  servedByMethod: Record<string, number>;
  /** Served requests that could change state: POST (except `/.search`), PUT, PATCH, DELETE. */
  writes: number;
  /** Requests answered by an injected fault. */
  faulted: number;
}

const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export class TrafficControl {
  private plans: FaultPlan[] = [];
  /** Served write requests wait this long before they reach the real server, like a distant target's round trip. */
  writeLatencyMs = 0;
  private counters: TrafficCounters = TrafficControl.emptyCounters();

  /** Queue a fault; plans are consumed in the order they were added. */
  failNext(plan: FaultPlan): void {
    if (plan.count > 0) this.plans.push({ ...plan });
  }

  clearFaults(): void {
    this.plans = [];
  }

  get stats(): Readonly<TrafficCounters> {
    return { ...this.counters, servedByMethod: { ...this.counters.servedByMethod } };
  }

  resetCounters(): void {
    this.counters = TrafficControl.emptyCounters();
  }

  /**
   * Called once per arriving request. Returns the fault to answer with, or undefined when the
   * request should go on to the real server (and is then counted as served).
   */
  admit(method: string, path: string): FaultResponse | undefined {
    this.counters.received += 1;
    const upper = method.toUpperCase();
    const plan = this.plans.find(
      (candidate) =>
        (candidate.method === undefined || candidate.method.toUpperCase() === upper) && (candidate.path === undefined || candidate.path.test(path)),
    );
    if (plan) {
      plan.count -= 1;
      if (plan.count <= 0) this.plans.splice(this.plans.indexOf(plan), 1);
      this.counters.faulted += 1;
      return faultResponse(plan);
    }
    this.counters.servedByMethod[upper] = (this.counters.servedByMethod[upper] ?? 0) + 1;
    if (isWrite(upper, path)) this.counters.writes += 1;
    return undefined;
  }

  /** How long a served request waits before it reaches the real server (see writeLatencyMs). */
  latencyFor(method: string, path: string): number {
    return isWrite(method.toUpperCase(), path) ? this.writeLatencyMs : 0;
  }

  private static emptyCounters(): TrafficCounters {
    return { received: 0, servedByMethod: {}, writes: 0, faulted: 0 };
  }
}

function isWrite(method: string, path: string): boolean {
  if (method === 'PUT' || method === 'PATCH' || method === 'DELETE') return true;
  // POST /.search is a query (RFC 7644 §3.4.3); every other POST creates or bulk-writes.
  return method === 'POST' && !path.endsWith('/.search');
}

function faultResponse(plan: FaultPlan): FaultResponse {
  const headers: Record<string, string> = { 'content-type': 'application/scim+json' };
  if (plan.retryAfter !== undefined) headers[(plan.retryAfterHeader ?? 'Retry-After').toLowerCase()] = plan.retryAfter;
  const body = JSON.stringify({
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(plan.status),
    detail: plan.status === 429 ? 'Too many requests (injected)' : 'Service unavailable (injected)',
  });
  return { status: plan.status, headers, body };
}
