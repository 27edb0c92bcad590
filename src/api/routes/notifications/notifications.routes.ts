import { createRoute, z } from '@hono/zod-openapi';
import { NOTIFICATION_EVENT_TYPES } from '../../../domain/notifications.js';
import { authErrors, errors, isoDate, json, jsonBody, TenantParams, uuidParam } from '../../openapi/common.js';

const EventTypes = z
  .array(z.enum(NOTIFICATION_EVENT_TYPES))
  .max(NOTIFICATION_EVENT_TYPES.length)
  .openapi({ description: 'Event types sent to this URL; empty or omitted = all of them' });

const Url = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
  .max(2048)
  .openapi({ example: 'https://hooks.example.org/sis-bridge', description: 'http(s); a tenant token may not register loopback or private addresses' });
const Secret = z.string().min(16).max(512).openapi({ description: 'HMAC-SHA256 key for X-Signature; write-only' });

const NotificationEndpointSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.string(),
    url: z.string(),
    events: EventTypes,
    enabled: z.boolean(),
    description: z.string().nullable(),
    lastDeliveryAt: isoDate.nullable(),
    lastDeliveryResult: z.string().nullable().openapi({ description: '`delivered`, or why the last attempt failed' }),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .openapi('NotificationEndpoint');

const CreateBody = z
  .strictObject({ url: Url, secret: Secret, events: EventTypes.optional(), enabled: z.boolean().optional(), description: z.string().max(500).optional() })
  .openapi('CreateNotificationEndpoint');

const UpdateBody = z
  .strictObject({
    url: Url.optional().openapi({ description: 'a new origin (scheme, host, port) needs `secret` in the same request' }),
    secret: Secret.optional(),
    events: EventTypes.optional(),
    enabled: z.boolean().optional(),
    description: z.string().max(500).nullable().optional(),
  })
  .openapi('UpdateNotificationEndpoint');

const EndpointParams = TenantParams.extend({ notification_id: uuidParam('notification_id') });
const tags = ['notifications'];

export const createNotificationEndpoint = createRoute({
  method: 'post',
  path: '/tenants/{tenant_id}/notifications',
  tags,
  summary: 'Register a URL for signed event notifications',
  request: { params: TenantParams, body: jsonBody(CreateBody) },
  responses: { 201: json(NotificationEndpointSchema, 'registered'), ...authErrors, 404: errors[404], 413: errors[413], 415: errors[415] },
});

export const listNotificationEndpoints = createRoute({
  method: 'get',
  path: '/tenants/{tenant_id}/notifications',
  tags,
  summary: "The tenant's notification URLs (secrets are never returned)",
  request: { params: TenantParams },
  responses: { 200: json(z.object({ items: z.array(NotificationEndpointSchema) }), 'oldest first'), ...authErrors, 404: errors[404] },
});

export const getNotificationEndpoint = createRoute({
  method: 'get',
  path: '/tenants/{tenant_id}/notifications/{notification_id}',
  tags,
  summary: 'One notification URL and how its last delivery went',
  request: { params: EndpointParams },
  responses: { 200: json(NotificationEndpointSchema, 'the endpoint'), ...authErrors, 404: errors[404] },
});

export const updateNotificationEndpoint = createRoute({
  method: 'put',
  path: '/tenants/{tenant_id}/notifications/{notification_id}',
  tags,
  summary: 'Change a notification URL, its event types, its secret or whether it is enabled',
  request: { params: EndpointParams, body: jsonBody(UpdateBody) },
  responses: { 200: json(NotificationEndpointSchema, 'updated'), ...authErrors, 404: errors[404], 409: errors[409], 413: errors[413], 415: errors[415] },
});

export const deleteNotificationEndpoint = createRoute({
  method: 'delete',
  path: '/tenants/{tenant_id}/notifications/{notification_id}',
  tags,
  summary: 'Remove a notification URL and its secret',
  request: { params: EndpointParams },
  responses: { 204: { description: 'removed' }, ...authErrors, 404: errors[404] },
});
