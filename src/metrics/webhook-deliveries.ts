import type { MiddlewareHandler } from 'hono';
import { webhookDeliveries, webhookEvents } from './instruments.js';

const PROVIDERS = new Set(['clever', 'classlink']);

/** The result label of a webhook answer; the routes' error codes stay in the audit log. */
function resultOf(status: number): string {
  if (status >= 200 && status < 300) return 'accepted';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'invalid';
  return 'error';
}

/**
 * Counts deliveries to `/webhooks/{provider}/…` by the status the routes answered, and the
 * events of accepted ones (stored vs. duplicate) from their small JSON answer. Sits outside
 * the webhook routes so they stay as they are.
 */
export function countWebhookDeliveries(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const segment = c.req.path.split('/')[2] ?? '';
    const provider = PROVIDERS.has(segment) ? segment : 'unknown';
    webhookDeliveries.inc({ provider, result: resultOf(c.res.status) });
    if (c.res.status !== 202) return;
    try {
      const body = (await c.res.clone().json()) as { stored?: unknown; duplicates?: unknown };
      if (typeof body.stored === 'number') webhookEvents.inc({ provider, outcome: 'stored' }, body.stored);
      if (typeof body.duplicates === 'number') webhookEvents.inc({ provider, outcome: 'duplicate' }, body.duplicates);
    } catch {
      // Not the JSON the routes send: the delivery is counted, its events are not.
    }
  };
}
