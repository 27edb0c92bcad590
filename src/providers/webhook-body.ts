import type { z } from 'zod';
import type { ReceivedWebhookEvent } from './types.js';

/** The most events (ClassLink: named records) one delivery may carry. */
export const MAX_WEBHOOK_EVENTS = 1000;

type WebhookBodyParse = { success: true; events: ReceivedWebhookEvent[] } | { success: false; error: z.ZodError };

/**
 * What a provider's webhook accepts. The API checks a delivery's signature, timestamp and
 * address first and only then hands the JSON here; a rejection names the bad field.
 */
export interface WebhookBody {
  /** The whole body schema, for the API's OpenAPI document. */
  readonly schema: z.ZodType;
  /** Validates a delivery body and splits it into one event per changed record; `timestamp` is the signed X-Timestamp. */
  parse(json: unknown, timestamp: string): WebhookBodyParse;
}
