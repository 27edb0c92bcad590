import type { NotificationEvent } from '../domain/notifications.js';
import { signNotification } from './signature.js';

/** A receiver that did not answer 2xx in time; the delivery workflow's retry policy tries again. */
export class NotificationDeliveryError extends Error {
  override readonly name = 'NotificationDeliveryError';
  readonly type = 'NotificationDeliveryError';
  readonly retryable = true;
  constructor(
    readonly url: string,
    readonly result: string,
  ) {
    super(`notification to ${originOf(url)} failed: ${result}`);
  }
}

export interface DeliveryOptions {
  fetch?: typeof fetch;
  /** Unix seconds for X-Timestamp; a fresh one on every attempt keeps retries inside the receiver's window. */
  nowSeconds?: () => number;
  timeoutMs?: number;
}

/**
 * What a delivery sends: the body is exactly the bytes that were signed.
 * @internal exported for its tests as well
 */
export function notificationRequest(event: NotificationEvent, secret: string, timestampSeconds: number): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(event);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'sis-bridge-notifications',
      'x-event-id': event.id,
      'x-event-type': event.type,
      'x-timestamp': String(timestampSeconds),
      'x-signature': signNotification(secret, timestampSeconds, body),
    },
  };
}

/** One signed POST; resolves on 2xx, throws NotificationDeliveryError otherwise (the body is never read). */
export async function postNotification(url: string, secret: string, event: NotificationEvent, options: DeliveryOptions = {}): Promise<number> {
  const timestamp = (options.nowSeconds ?? (() => Math.floor(Date.now() / 1000)))();
  const { body, headers } = notificationRequest(event, secret, timestamp);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new NotificationDeliveryError(url, `network error: ${error instanceof Error ? error.message : String(error)}`);
  }
  await response.body?.cancel();
  // Redirects are not followed: the signature and event were meant for the registered URL.
  if (response.status < 200 || response.status >= 300) throw new NotificationDeliveryError(url, `HTTP ${response.status}`);
  return response.status;
}

/** Scheme, host and port only: paths and queries of a tenant's URL may carry tokens of theirs. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}
