/**
 * Events the bridge sends to a tenant's notification URLs. Pure: built inside the sync
 * workflow from what it already knows (ids, counts, the failure's type and message), so they
 * carry no roster record and no secret. The id is derived from the run and the event type,
 * never random: a repeated notification of the same fact keeps its id, which is both the
 * receiver's de-duplication key and the delivery workflow's id.
 */

export const NOTIFICATION_EVENT_TYPES = ['run.failed', 'deletions.held', 'seat_pool.exhausted', 'target.unreachable'] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

export interface NotificationEvent {
  id: string;
  type: NotificationEventType;
  /** ISO 8601; workflow time where the event was raised. */
  occurredAt: string;
  tenantId: string;
  providerId: string;
  runId: string;
  data: Record<string, unknown>;
}

export interface RunFacts {
  tenantId: string;
  providerId: string;
  runId: string;
  occurredAt: string;
}

/** An API call the receiver can make to act on the event; the path is relative to the bridge's API URL. */
interface ApiAction {
  method: 'GET' | 'POST';
  path: string;
  body?: Record<string, unknown>;
}

/** Failure types (activities' ApplicationFailure types) that mean a remote system could not be reached. */
const UNREACHABLE_FAILURES: Record<string, 'scim' | 'sis'> = {
  ScimUnavailableError: 'scim',
  SisUnavailableError: 'sis',
};

function event(type: NotificationEventType, facts: RunFacts, data: Record<string, unknown>, suffix = ''): NotificationEvent {
  const { occurredAt, ...ids } = facts;
  return { id: `${facts.runId}.${type}${suffix}`, type, occurredAt, ...ids, data };
}

/** A failed run, plus `target.unreachable` when the cause is the SCIM target or the SIS being down. */
export function runFailedEvents(facts: RunFacts, failure: { type: string | undefined; message: string }): NotificationEvent[] {
  const events = [event('run.failed', facts, { failureType: failure.type ?? null, message: failure.message })];
  const system = failure.type ? UNREACHABLE_FAILURES[failure.type] : undefined;
  if (system) events.push(event('target.unreachable', facts, { system, failureType: failure.type, message: failure.message }));
  return events;
}

export function deletionsHeldEvent(facts: RunFacts, held: { count: number; approvalTimeoutSeconds: number }): NotificationEvent {
  const tenant = encodeURIComponent(facts.tenantId);
  const body = { providerId: facts.providerId };
  const decideBy = new Date(Date.parse(facts.occurredAt) + held.approvalTimeoutSeconds * 1000).toISOString();
  const actions: Record<'list' | 'approve' | 'discard', ApiAction> = {
    list: { method: 'GET', path: `/sync/${tenant}/deletions?providerId=${encodeURIComponent(facts.providerId)}` },
    approve: { method: 'POST', path: `/sync/${tenant}/deletions/approve`, body },
    discard: { method: 'POST', path: `/sync/${tenant}/deletions/discard`, body },
  };
  return event('deletions.held', facts, { held: held.count, decideBy, whenUndecided: 'discard', actions });
}

export interface PoolUsage {
  poolId: string;
  capacity: number;
  held: number;
  waitlisted: number;
}

/**
 * One event per pool that is full with users waiting, raised only by a reconcile that
 * waitlisted someone: a pool that stays full without new demand does not notify on every run.
 */
export function seatPoolExhaustedEvents(facts: RunFacts, reconcile: { waitlisted: number; pools: readonly PoolUsage[] }): NotificationEvent[] {
  if (reconcile.waitlisted === 0) return [];
  return reconcile.pools
    .filter((pool) => pool.waitlisted > 0 && pool.held >= pool.capacity)
    .map((pool) =>
      event('seat_pool.exhausted', facts, { poolId: pool.poolId, capacity: pool.capacity, held: pool.held, waitlisted: pool.waitlisted }, `.${pool.poolId}`),
    );
}

/** The id of the workflow that delivers one event: one delivery per event, whoever raises it again. */
export function notificationWorkflowId(eventId: string): string {
  return `notification/${eventId}`;
}
