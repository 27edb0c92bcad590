import type { Database } from '../db/database.js';
import type { WebhookEventRow } from '../db/queries/webhook-events.js';
import { ROSTER_KINDS, type RosterKind } from '../domain/roster.js';
import type { ClassLinkClient } from '../providers/classlink/classlink-client.js';
import { transformCleverEvent } from '../providers/clever/event-transform.js';
import { applyCleverEventChange } from './apply-changes.js';
import { markDeleted } from './mirror-deletions.js';
import { upsertRosterBatch, type MirrorScope } from './roster-mirror.js';

/**
 * Stored webhook events into the roster mirror, through the same code the change feeds use.
 * Clever events carry the record as it is now and are applied in event order. A ClassLink
 * notification only names records: their current state is read from the SIS by sourcedId
 * (a 'tobedeleted' or a 404 deletes), so the bridge never trusts pushed roster data.
 */
export async function applyCleverWebhookEvents(db: Database, scope: MirrorScope, events: readonly WebhookEventRow[]): Promise<void> {
  for (const event of events) await applyCleverEventChange(db, scope, transformCleverEvent(event.payload));
}

export async function applyClassLinkNotifications(db: Database, client: ClassLinkClient, scope: MirrorScope, events: readonly WebhookEventRow[], signal?: AbortSignal): Promise<void> {
  const idsByKind = new Map<RosterKind, Set<string>>();
  for (const event of events) {
    const sourcedId = event.payload.sourcedId;
    if (!(ROSTER_KINDS as readonly string[]).includes(event.kind) || typeof sourcedId !== 'string') continue;
    const ids = idsByKind.get(event.kind as RosterKind) ?? new Set<string>();
    ids.add(sourcedId);
    idsByKind.set(event.kind as RosterKind, ids);
  }
  // Parents before children, as a full sync stages them.
  for (const kind of ROSTER_KINDS) {
    const ids = idsByKind.get(kind);
    if (!ids) continue;
    const { found, missing } = await client.fetchRecords(kind, [...ids], signal ? { signal } : {});
    const delta = client.transformDelta(kind, found.map((record) => record.payload));
    await upsertRosterBatch(db, scope, delta.batch);
    // A missing enrollment cannot be keyed (the mirror keys enrollments by section and user), so only other kinds delete on 404.
    await markDeleted(db, scope, kind, kind === 'enrollments' ? delta.deleted : [...delta.deleted, ...missing]);
  }
}
