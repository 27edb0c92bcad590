import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { RosterKind } from '../../domain/roster.js';
import type { ReceivedWebhookEvent } from '../types.js';
import { MAX_WEBHOOK_EVENTS, type WebhookBody } from '../webhook-body.js';

/** OneRoster 1.1 collection names a ClassLink notification may use, and the roster kind each feeds. */
const KIND_OF_COLLECTION = {
  orgs: 'schools',
  schools: 'schools',
  academicSessions: 'terms',
  terms: 'terms',
  courses: 'courses',
  classes: 'sections',
  users: 'users',
  students: 'users',
  teachers: 'users',
  enrollments: 'enrollments',
} as const satisfies Record<string, RosterKind>;

const CollectionSchema = z.enum(Object.keys(KIND_OF_COLLECTION) as [keyof typeof KIND_OF_COLLECTION, ...(keyof typeof KIND_OF_COLLECTION)[]]);

/** The bridge's ClassLink notification (README, "Webhooks"): which records of which collections changed. */
const ClassLinkWebhookBodySchema = z.looseObject({
  id: z.string().min(1).max(200).optional().meta({ description: "The sender's notification id; with it, redeliveries de-duplicate whatever their timestamp" }),
  changes: z
    .array(z.object({ collection: CollectionSchema, sourcedIds: z.array(z.string().min(1).max(200)).min(1).max(MAX_WEBHOOK_EVENTS) }))
    .min(1)
    .max(100)
    .refine(
      (changes) => changes.reduce((sum, change) => sum + change.sourcedIds.length, 0) <= MAX_WEBHOOK_EVENTS,
      `at most ${MAX_WEBHOOK_EVENTS} sourcedIds in all`,
    ),
});

/**
 * One event per (collection, sourcedId). Its id is deterministic: from the notification id
 * when the sender gives one, else from the signed timestamp, so a redelivery of the same
 * signed request is stored once.
 */
export const classLinkWebhookBody: WebhookBody = {
  schema: ClassLinkWebhookBodySchema,
  parse(json, timestamp) {
    const parsed = ClassLinkWebhookBodySchema.safeParse(json);
    if (!parsed.success) return { success: false, error: parsed.error };
    const events: ReceivedWebhookEvent[] = [];
    for (const change of parsed.data.changes) {
      for (const sourcedId of change.sourcedIds) {
        const basis = JSON.stringify([parsed.data.id ?? `t:${timestamp}`, change.collection, sourcedId]);
        const eventId = `classlink-${createHash('sha256').update(basis).digest('hex').slice(0, 40)}`;
        events.push({ eventId, kind: KIND_OF_COLLECTION[change.collection], payload: { collection: change.collection, sourcedId } });
      }
    }
    return { success: true, events };
  },
};
