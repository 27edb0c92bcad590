import type { Database } from '../db/database.js';
import type { WebhookEventRow } from '../db/queries/webhook-events.js';
import type { SisClient } from '../providers/index.js';
import { mirrorRosterChanges } from './mirror-sis-changes.js';
import type { MappingLookups } from '../domain/desired-documents.js';
import type { MirrorScope } from './roster-mirror.js';

/**
 * Stored webhook events into the roster mirror, through the same code the change feed uses.
 * The provider turns them into canonical changes: Clever events carry the record as it is now;
 * a ClassLink notification only names records, which are read from the SIS by sourcedId.
 */
export async function mirrorWebhookEvents(
  db: Database,
  sis: SisClient,
  scope: MirrorScope,
  lookups: MappingLookups,
  events: readonly WebhookEventRow[],
  signal?: AbortSignal,
): Promise<void> {
  if (events.length === 0) return;
  await mirrorRosterChanges(db, scope, lookups, await sis.readWebhookChanges(events, signal));
}
