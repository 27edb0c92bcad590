import { z } from 'zod';
import { MAX_WEBHOOK_EVENTS, type WebhookBody } from '../webhook-body.js';

/** A Clever event as in sim/clever/spec/v3.0-events.yml (`Event`), with the fields the bridge relies on required. */
const CleverWebhookEventSchema = z
  .looseObject({
    id: z.string().min(1).max(200),
    type: z.string().regex(/^[a-z_]+\.[a-z_]+$/, '"<record type>.<created|updated|deleted>"'),
    created: z.string().optional(),
    data: z.looseObject({ object: z.looseObject({ id: z.string().min(1).max(200) }) }),
  })
  .meta({ id: 'CleverWebhookEvent' });

type CleverWebhookEvent = z.infer<typeof CleverWebhookEventSchema>;

const EventArraySchema = z.array(CleverWebhookEventSchema).min(1).max(MAX_WEBHOOK_EVENTS);
const EventsPageSchema = z.object({
  data: z
    .array(z.object({ data: CleverWebhookEventSchema }))
    .min(1)
    .max(MAX_WEBHOOK_EVENTS),
});

/** One event, an array of events, or the Events API envelope `{ data: [{ data: event }] }`. */
const CleverWebhookBodySchema = z.union([CleverWebhookEventSchema, EventArraySchema, EventsPageSchema]);

/**
 * The union's member this body means to be, picked by its shape, so a rejection names the
 * bad field (`body.data.object.id`) rather than "matches no alternative".
 */
function schemaFor(json: unknown): z.ZodType<CleverWebhookEvent | CleverWebhookEvent[] | { data: { data: CleverWebhookEvent }[] }> {
  if (Array.isArray(json)) return EventArraySchema;
  if (json !== null && typeof json === 'object' && Array.isArray((json as { data?: unknown }).data)) return EventsPageSchema;
  return CleverWebhookEventSchema;
}

/** Clever events carry the changed record; each is stored under its own event id. */
export const cleverWebhookBody: WebhookBody = {
  schema: CleverWebhookBodySchema,
  parse(json) {
    const parsed = schemaFor(json).safeParse(json);
    if (!parsed.success) return { success: false, error: parsed.error };
    const body = parsed.data;
    const events = Array.isArray(body)
      ? body
      : 'data' in body && Array.isArray(body.data)
        ? body.data.map((entry) => entry.data)
        : [body as CleverWebhookEvent];
    return { success: true, events: events.map((event) => ({ eventId: event.id, kind: event.type.split('.')[0] ?? event.type, payload: event })) };
  },
};
