import { z } from '@hono/zod-openapi';
import { CIDR_PATTERN } from '../../openapi/cidr.js';
import { isoDate, orNull } from '../../openapi/common.js';
import { MappingSchema } from '../../openapi/mapping.js';

/** Request and response bodies of the provider routes. Credentials appear in requests only. */

const MIN_INTERVAL_SECONDS = 60;
const MAX_INTERVAL_SECONDS = 7 * 86_400;

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });

const ConnectionSchema = z
  .strictObject({
    baseUrl: httpUrl.openapi({ example: 'https://api.clever.com' }),
    districtId: z.string().min(1).max(200).optional(),
  })
  .openapi('ProviderConnection');

const CleverCredentialsSchema = z.strictObject({ token: z.string().min(1).max(4096) }).openapi('CleverCredentials');
const ClassLinkCredentialsSchema = z
  .strictObject({ consumerKey: z.string().min(1).max(1024), consumerSecret: z.string().min(1).max(1024) })
  .openapi('ClassLinkCredentials');

const cidr = z.string().regex(CIDR_PATTERN, 'a CIDR range such as 203.0.113.0/24 or 2001:db8::/32');

const webhookFields = {
  ipAllowlist: z.array(cidr).max(100).optional().openapi({ description: 'CIDR ranges allowed to call the webhook; empty = any' }),
  trustProxy: z.boolean().optional().openapi({ description: 'Take the client address from X-Forwarded-For (only behind a trusted proxy)' }),
};
const WebhookInput = z
  .strictObject({ secret: z.string().min(16).max(512).optional().openapi({ description: 'HMAC-SHA256 key; write-only' }), ...webhookFields })
  .openapi('ProviderWebhookInput');
const WebhookUpdate = z
  .strictObject({ secret: z.string().min(16).max(512).nullable().optional().openapi({ description: 'write-only; null removes it' }), ...webhookFields })
  .openapi('ProviderWebhookUpdate');

const interval = z.number().int().min(MIN_INTERVAL_SECONDS).max(MAX_INTERVAL_SECONDS);

const commonFields = {
  name: z.string().min(1).max(200),
  connection: ConnectionSchema,
  scheduleIntervalSeconds: interval.optional().openapi({
    description:
      'Interval of scheduled (incremental) syncs, seconds; default DEFAULT_SYNC_INTERVAL. A scheduled run is a full sync when the last one is older than FULL_SYNC_INTERVAL',
  }),
  mapping: MappingSchema.optional(),
  webhook: WebhookInput.optional(),
  enabled: z.boolean().optional().openapi({ description: 'Disabled providers keep their schedule, paused' }),
};

export const CreateProviderBody = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('clever'), credentials: CleverCredentialsSchema, ...commonFields }),
    z.strictObject({ kind: z.literal('classlink'), credentials: ClassLinkCredentialsSchema, ...commonFields }),
  ])
  .openapi('CreateProvider');

/** Omitted fields keep their value; `credentials` rotates them (validated against the SIS again). */
export const UpdateProviderBody = z
  .strictObject({
    name: commonFields.name.optional(),
    connection: ConnectionSchema.optional(),
    credentials: z.union([CleverCredentialsSchema, ClassLinkCredentialsSchema]).optional(),
    scheduleIntervalSeconds: interval.optional(),
    mapping: MappingSchema.optional(),
    webhook: WebhookUpdate.optional(),
    enabled: z.boolean().optional(),
  })
  .openapi('UpdateProvider');

const ScheduleSchema = z
  .object({
    scheduleId: z.string(),
    intervalSeconds: z.number().int().nullable(),
    paused: z.boolean(),
    nextRunTimes: z.array(isoDate),
    lastRunAt: isoDate.nullable(),
  })
  .openapi('ProviderSchedule', { description: 'Read from the Temporal Schedule, which owns this state' });

export const ProviderSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.string(),
    kind: z.enum(['clever', 'classlink']),
    name: z.string(),
    enabled: z.boolean(),
    connection: z.object({ baseUrl: z.string(), districtId: z.string().optional() }),
    mapping: MappingSchema,
    webhook: z.object({ ipAllowlist: z.array(z.string()), trustProxy: z.boolean(), secretConfigured: z.boolean() }),
    schedule: orNull(ScheduleSchema),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .openapi('Provider');
