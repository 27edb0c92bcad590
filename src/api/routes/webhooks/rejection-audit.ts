import { recordAudit } from '../../../db/queries/audit-log.js';
import type { Database } from '../../../db/database.js';
import type { Logger } from '../../../logging/logger.js';

/** One rejected webhook delivery, as much of it as is known (an unknown tenant or provider is left out). */
export interface WebhookRejection {
  /** Only a tenant that exists: an unauthenticated caller must not be able to mint audit keys. */
  tenantId: string | undefined;
  providerId: string | undefined;
  actor: string;
  reason: string;
  status: number;
  address: string | undefined;
}

interface Bucket extends Omit<WebhookRejection, 'address'> {
  count: number;
  firstAt: Date;
  lastAt: Date;
  addresses: Set<string>;
}

const SAMPLE_ADDRESSES = 5;

/**
 * Webhook rejections are audited, but not one row per request: anyone can send deliveries, and
 * an unauthenticated caller must not be able to write to the audit log at line speed. Rejections
 * are counted per (tenant, provider, reason) and each window (a minute) ends in one
 * `webhook.rejected` entry with the count, the first and last time, and a few caller
 * addresses. Keys are bounded by the tenants and providers that exist (unknown ones share one
 * key per reason, audited without a tenant), so memory is bounded too. Counts not yet
 * written when the process stops are flushed by close(); a crash loses at most one window.
 */
export class WebhookRejectionAudit {
  private buckets = new Map<string, Bucket>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    windowMs = 60_000,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.timer = setInterval(() => void this.flush(), windowMs);
    this.timer.unref();
  }

  record(rejection: WebhookRejection): void {
    const key = JSON.stringify([rejection.tenantId ?? null, rejection.providerId ?? null, rejection.reason, rejection.status]);
    const at = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const { address: _address, ...rest } = rejection;
      bucket = { ...rest, count: 0, firstAt: at, lastAt: at, addresses: new Set() };
      this.buckets.set(key, bucket);
    }
    bucket.count += 1;
    bucket.lastAt = at;
    if (rejection.address && bucket.addresses.size < SAMPLE_ADDRESSES) bucket.addresses.add(rejection.address);
  }

  /** Writes one audit entry per key counted since the last flush. */
  async flush(): Promise<void> {
    const buckets = [...this.buckets.values()];
    this.buckets = new Map();
    for (const bucket of buckets) {
      await recordAudit(this.db, {
        tenantId: bucket.tenantId ?? null,
        actor: bucket.actor,
        action: 'webhook.rejected',
        targetType: 'provider',
        targetId: bucket.providerId ?? null,
        outcome: 'failure',
        details: {
          reason: bucket.reason,
          status: bucket.status,
          count: bucket.count,
          firstAt: bucket.firstAt.toISOString(),
          lastAt: bucket.lastAt.toISOString(),
          addresses: [...bucket.addresses],
        },
      }).catch((error: unknown) =>
        this.logger.error(
          { reason: bucket.reason, count: bucket.count, error: error instanceof Error ? error.name : 'unknown' },
          'auditing webhook rejections failed',
        ),
      );
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
