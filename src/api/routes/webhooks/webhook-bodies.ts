import { createHash } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import type { RosterKind } from '../../../domain/roster.js';

/**
 * What the webhook routes accept, validated only after the delivery's signature, timestamp
 * and address checked out. Each body becomes a list of events, one per changed record.
 */

const MAX_EVENTS = 1000;

/** A Clever event as in sim/clever/spec/v3.0-events.yml (`Event`), with the fields the bridge relies on required. */
export const CleverEventSchema = z
  .looseObject({
    id: z.string().min(1).max(200),
    type: z.string().regex(/^[a-z_]+\.[a-z_]+$/, '"<record type>.<created|updated|deleted>"'),
    created: z.string().optional(),
    data: z.looseObject({ object: z.looseObject({ id: z.string().min(1).max(200) }) }),
  })
  .openapi('CleverWebhookEvent');

const CleverEventArraySchema = z.array(CleverEventSchema).min(1).max(MAX_EVENTS);
const CleverEventsPageSchema = z.object({ data: z.array(z.object({ data: CleverEventSchema })).min(1).max(MAX_EVENTS) });

/** One event, an array of events, or the Events API envelope `{ data: [{ data: event }] }`. */
export const CleverWebhookBodySchema = z.union([CleverEventSchema, CleverEventArraySchema, CleverEventsPageSchema]).openapi('CleverWebhookBody');

/**
 * The union's member this body means to be, picked by its shape, so a rejection names the
 * bad field (`body.data.object.id`) rather than "matches no alternative".
 */
export function cleverBodySchemaFor(json: unknown): z.ZodType<z.infer<typeof CleverWebhookBodySchema>> {
  if (Array.isArray(json)) return CleverEventArraySchema;
  if (json !== null && typeof json === 'object' && Array.isArray((json as { data?: unknown }).data)) return CleverEventsPageSchema;
  return CleverEventSchema;
}

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
export const ClassLinkWebhookBodySchema = z
  .looseObject({
    id: z.string().min(1).max(200).optional().openapi({ description: "The sender's notification id; with it, redeliveries de-duplicate whatever their timestamp" }),
    changes: z
      .array(z.object({ collection: CollectionSchema, sourcedIds: z.array(z.string().min(1).max(200)).min(1).max(MAX_EVENTS) }))
      .min(1)
      .max(100)
      .refine((changes) => changes.reduce((sum, change) => sum + change.sourcedIds.length, 0) <= MAX_EVENTS, `at most ${MAX_EVENTS} sourcedIds in all`),
  })
  .openapi('ClassLinkWebhookBody');

export interface ReceivedEvent {
  eventId: string;
  kind: string;
  payload: Record<string, unknown>;
}

export function cleverEvents(body: z.infer<typeof CleverWebhookBodySchema>): ReceivedEvent[] {
  const events = Array.isArray(body) ? body : 'data' in body && Array.isArray(body.data) ? body.data.map((entry) => entry.data) : [body as z.infer<typeof CleverEventSchema>];
  return events.map((event) => ({ eventId: event.id, kind: event.type.split('.')[0] ?? event.type, payload: event }));
}

/**
 * One event per (collection, sourcedId). Its id is deterministic: from the notification id
 * when the sender gives one, else from the signed timestamp, so a redelivery of the same
 * signed request is stored once.
 */
export function classLinkEvents(body: z.infer<typeof ClassLinkWebhookBodySchema>, timestamp: string): ReceivedEvent[] {
  const events: ReceivedEvent[] = [];
  for (const change of body.changes) {
    for (const sourcedId of change.sourcedIds) {
      const basis = JSON.stringify([body.id ?? `t:${timestamp}`, change.collection, sourcedId]);
      const eventId = `classlink-${createHash('sha256').update(basis).digest('hex').slice(0, 40)}`;
      events.push({ eventId, kind: KIND_OF_COLLECTION[change.collection], payload: { collection: change.collection, sourcedId } });
    }
  }
  return events;
}
