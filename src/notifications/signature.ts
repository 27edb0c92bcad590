import { createHmac } from 'node:crypto';

/**
 * Outbound notifications are signed exactly like the webhooks the bridge receives, so one
 * verifier serves both directions: `X-Signature: sha256=<hex>` where hex =
 * HMAC-SHA256(secret, `${X-Timestamp}.${raw body}`), X-Timestamp in unix seconds. A receiver
 * should compare in constant time and refuse timestamps more than 5 minutes away from its clock.
 */
export function signNotification(secret: string, timestampSeconds: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex')}`;
}

/** Where an endpoint's secret lives in the secrets store (never in its row). */
export function notificationSecretPath(tenantId: string, endpointId: string): string {
  return `tenants/${tenantId}/notifications/${endpointId}`;
}
