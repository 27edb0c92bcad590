import { createRoute, z } from '@hono/zod-openapi';
import { ErrorBodySchema, json, TenantParams } from '../../openapi/common.js';

/**
 * The bodies are described by reference, not attached as zod schemas: a zod body would make
 * the framework parse and validate the JSON before the handler, and a webhook must verify its
 * signature over the raw bytes before anything is parsed.
 */
const bodyRef = (schema: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } });

const DeliveryHeaders = z.object({
  'x-signature': z.string().optional().openapi({ description: 'sha256=<hex HMAC-SHA256(webhook secret, "<X-Timestamp>.<raw body>")>' }),
  'x-timestamp': z.string().optional().openapi({ description: 'Unix seconds; accepted within 5 minutes of the bridge clock' }),
  'x-provider-id': z
    .string()
    .optional()
    .openapi({ description: 'The provider the events belong to (or ?providerId=); optional when the tenant has one enabled provider of the kind' }),
});

const DeliveryQuery = z.object({
  providerId: z
    .string()
    .optional()
    .openapi({ param: { name: 'providerId', in: 'query' } }),
});

const WebhookAcceptedSchema = z
  .object({
    providerId: z.uuid(),
    received: z.number().int().openapi({ description: 'events in the delivery' }),
    stored: z.number().int().openapi({ description: 'new events stored for the next webhook sync' }),
    duplicates: z.number().int().openapi({ description: 'events already received earlier (stored once, not applied again)' }),
  })
  .openapi('WebhookAccepted');

const errorOf = (description: string) => json(ErrorBodySchema, description);

const responses = {
  202: json(WebhookAcceptedSchema, 'verified and stored; applied asynchronously by the provider event workflow'),
  400: errorOf('the body does not match the schema (after the signature checked out), or carries U+0000'),
  401: errorOf('missing or wrong signature (also for an unknown tenant or provider), or a timestamp outside the 5-minute window'),
  403: errorOf("the caller's address is not in the provider's IP allowlist"),
  409: errorOf('the provider is disabled'),
  413: errorOf('request body larger than 1 MiB'),
  429: errorOf('too many failed signatures from this address; see Retry-After'),
  503: errorOf('stored, but the event workflow could not be reached: redeliver'),
};

const route = (provider: 'clever' | 'classlink', summary: string, body: string) =>
  createRoute({
    method: 'post',
    path: `/webhooks/${provider}/{tenant_id}`,
    tags: ['webhooks'],
    summary,
    security: [],
    request: { params: TenantParams, query: DeliveryQuery, headers: DeliveryHeaders, body: bodyRef(body) },
    responses,
  });

export const cleverWebhook = route('clever', 'Clever change events (one event, an array, or an Events API page), signed', 'CleverWebhookBody');
export const classLinkWebhook = route('classlink', 'ClassLink change notification naming changed OneRoster records, signed', 'ClassLinkWebhookBody');
