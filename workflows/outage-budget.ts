import { sleep } from '@temporalio/workflow';
import { INFRASTRUCTURE_UNAVAILABLE, OUTAGE_FAILURE_TYPES } from '../src/domain/outage-failures.js';

/** First pause after an outage failure; doubles up to MAX_PAUSE_MS. */
const FIRST_PAUSE_MS = 2_000;
const MAX_PAUSE_MS = 60_000;

/**
 * Is this activity failure an outage (database, network, SCIM target or SIS unavailable, or
 * a worker that stopped heartbeating) that has already used up the activity's own attempts?
 * @internal exported for its tests as well
 */
export function isOutage(error: unknown): boolean {
  const cause = (error as { cause?: { type?: unknown; name?: unknown; nonRetryable?: unknown } } | null)?.cause;
  if (!cause) return false;
  // A batch that left items pending because the target stopped answering (see applyBatch).
  if (cause.type === 'ScimTargetUnavailable') return cause.nonRetryable !== true;
  if (typeof cause.type === 'string') return OUTAGE_FAILURE_TYPES.has(cause.type);
  return cause.name === 'TimeoutFailure';
}

/** Did an outage end this run? Walks a (child) workflow failure's cause chain to the activity's failure. */
export function causedByOutage(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 10; depth += 1) {
    if (isOutage(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Only the database or the network unavailable (not the SCIM target or the SIS). */
export function isInfrastructureOutage(error: unknown): boolean {
  const cause = (error as { cause?: { type?: unknown } } | null)?.cause;
  return cause?.type === INFRASTRUCTURE_UNAVAILABLE;
}

type ActivityFunctions = Record<string, (...args: never[]) => Promise<unknown>>;

/**
 * Wraps proxied activities so that a call failing with an outage, once Temporal's attempts
 * (MAX_RETRY_ATTEMPTS) are spent, is scheduled again after a pause (2 s doubling to 60 s) until
 * it succeeds or `budgetSeconds` have passed since its first outage failure; then the last
 * failure stands. Failures that are not outages are thrown at once. Workflow time and timers
 * only: deterministic on replay.
 */
export function waitingOutOutages<T extends ActivityFunctions>(activities: T, budgetSeconds: number, waitable: (error: unknown) => boolean = isOutage): T {
  if (budgetSeconds <= 0) return activities;
  return new Proxy(activities, {
    get(target, name) {
      const activity = target[name as keyof T];
      if (typeof activity !== 'function') return activity;
      return async (...args: never[]) => {
        let outageSince: number | undefined;
        for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, MAX_PAUSE_MS)) {
          try {
            return await activity(...args);
          } catch (error) {
            if (!waitable(error)) throw error;
            outageSince ??= Date.now();
            if (Date.now() + pause - outageSince > budgetSeconds * 1000) throw error;
            await sleep(pause);
          }
        }
      };
    },
  });
}
