import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEvent } from '../../sim/clever/events.js';
import type { SimUser } from '../../sim/district/model.js';
import { userExternalId } from '../../src/domain/identity.js';
import { readScimState } from '../support/sync-fixture.js';
import { eventStatuses, startWebhookHarness, userWritesBySourceId, waitFor, type WebhookHarness } from './webhook-harness.js';

/** Renames a user in the simulated district; returns the Clever event of that change, as the Events API serves it. */
function renameEvent(harness: WebhookHarness, user: SimUser, last: string): Record<string, unknown> {
  const [change] = harness.store.mutate({ op: 'update', kind: 'users', id: user.id, patch: { name: { ...user.name, last } } });
  return renderEvent(change!, harness.store.info.id);
}

async function pool<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

describe('Clever webhooks into a real SCIM server', () => {
  let harness: WebhookHarness;
  let students: SimUser[];

  beforeAll(async () => {
    harness = await startWebhookHarness('clever', 900);
    students = harness.store.list('users').filter((user) => user.roles.includes('student'));
  }, 180_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('rejects forged, stale, unsigned, disallowed and malformed deliveries, audits each, and stores or signals nothing', async () => {
    const event = renameEvent(harness, students[0]!, 'Forged');
    const before = await harness.counts();
    harness.scim.traffic.resetCounters();

    const now = Math.floor(Date.now() / 1000);
    const cases = [
      { reason: 'bad_signature', status: 401, send: () => harness.deliver(event, { secret: 'not-the-webhook-secret-at-all' }) },
      { reason: 'missing_signature', status: 401, send: () => harness.deliver(event, { unsigned: true }) },
      { reason: 'stale_timestamp', status: 401, send: () => harness.deliver(event, { timestamp: now - 6 * 60 }) },
      { reason: 'malformed_body', status: 400, send: () => harness.deliver(undefined, { raw: '{"id": "5f0c", "type": ' }) },
      { reason: 'invalid_body', status: 400, send: () => harness.deliver({ ...event, data: { previous_attributes: {} } }) },
    ];
    for (const { reason, status, send } of cases) {
      const response = await send();
      expect(response.status, reason).toBe(status);
      expect(response.body).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
    }
    // The allowlist admits only a range the test is not in; X-Forwarded-For is not believed without trustProxy.
    await harness.setWebhookSettings({ ipAllowlist: ['203.0.113.0/24'], trustProxy: false });
    const fromElsewhere = await harness.deliver(event, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(fromElsewhere.status).toBe(403);
    await harness.setWebhookSettings({});

    const invalid = cases[4]!;
    expect((await invalid.send()).body).toMatchObject({
      error: { code: 'validation_failed', details: { fields: [expect.objectContaining({ field: 'body.data.object' })] } },
    });

    // Rejections are counted per reason and written as one audit entry each per window, not one per delivery.
    await harness.flushRejections();
    const rejected = await harness.database.db.query.auditLog.findMany({ where: (audit, { eq }) => eq(audit.action, 'webhook.rejected') });
    const counts = Object.fromEntries(rejected.map((entry) => [entry.details?.reason, entry.details?.count]));
    expect(counts).toEqual({ bad_signature: 1, invalid_body: 2, ip_not_allowed: 1, malformed_body: 1, missing_signature: 1, stale_timestamp: 1 });
    expect(rejected.every((entry) => entry.tenantId === harness.ids.tenantId)).toBe(true);
    expect(await harness.counts()).toEqual(before);
    expect(harness.scim.traffic.stats.writes).toBe(0);
    // Nothing was signalled: the provider's event workflow was never started.
    await expect(harness.client.workflow.getHandle(`events/${harness.ids.tenantId}/${harness.ids.providerId}`).describe()).rejects.toThrow(/not found/i);
  });

  it('stores a replayed event once and applies it once', async () => {
    const user = students[1]!;
    const event = renameEvent(harness, user, 'Replayed');
    expect((await harness.deliver(event)).body).toMatchObject({ received: 1, stored: 1, duplicates: 0 });
    await waitFor(
      () => eventStatuses(harness),
      (statuses) => statuses.applied === 1 && !statuses.pending && !statuses.claimed,
      'the first event to be applied',
    );
    // The pair was idle: its event workflow started the run straight away, before any debounce timer.
    const history = await harness.client.workflow.getHandle(`events/${harness.ids.tenantId}/${harness.ids.providerId}`).fetchHistory();
    const events = history.events ?? [];
    const firstRun = events.findIndex((event) => event.startChildWorkflowExecutionInitiatedEventAttributes);
    expect(firstRun).toBeGreaterThan(0);
    expect(events.slice(0, firstRun).filter((event) => event.timerStartedEventAttributes || event.timerFiredEventAttributes)).toEqual([]);

    // The same delivery again, freshly signed (an attacker or a retrying sender), then a new event behind it.
    expect((await harness.deliver(event)).body).toMatchObject({ received: 1, stored: 0, duplicates: 1 });
    const later = students[2]!;
    expect((await harness.deliver(renameEvent(harness, later, 'Later'))).status).toBe(202);
    await waitFor(
      () => eventStatuses(harness),
      (statuses) => statuses.applied === 2 && !statuses.pending && !statuses.claimed,
      'the later event to be applied',
    );

    const writes = await userWritesBySourceId(harness, [user.id, later.id]);
    expect(writes.get(user.id)).toEqual(['scim.user.update']);
    expect(writes.get(later.id)).toEqual(['scim.user.update']);
    const duplicates = await harness.database.db.query.auditLog.findMany({ where: (audit, { eq }) => eq(audit.action, 'webhook.duplicate') });
    expect(duplicates).toHaveLength(1);
  });

  it('applies a concurrent burst of 1,000 deliveries (800 events, 200 repeats) exactly once each', { timeout: 240_000 }, async () => {
    const renamed = students.slice(3, 803);
    expect(renamed).toHaveLength(800);
    const events = renamed.map((user, index) => renameEvent(harness, user, `Burst${index}`));
    const repeats = events.filter((_, index) => index % 4 === 0);
    const deliveries = [...events, ...repeats].sort(() => Math.random() - 0.5);
    const responses = await pool(deliveries, 50, (event) => harness.deliver(event));

    expect(responses.every((response) => response.status === 202)).toBe(true);
    expect(responses.reduce((sum, response) => sum + Number(response.body.stored), 0)).toBe(800);
    expect(responses.reduce((sum, response) => sum + Number(response.body.duplicates), 0)).toBe(200);
    await waitFor(
      () => eventStatuses(harness),
      (statuses) => statuses.applied === 802 && !statuses.pending && !statuses.claimed,
      'the burst to be applied',
      200_000,
    );

    const writes = await userWritesBySourceId(
      harness,
      renamed.map((user) => user.id),
    );
    expect(writes.size).toBe(800);
    expect([...writes.values()].filter((actions) => actions.length !== 1 || actions[0] !== 'scim.user.update')).toEqual([]);

    const { users } = await readScimState(harness.scim.baseUrl, harness.scim.token);
    const byExternalId = new Map(users.map((user) => [user.externalId, user]));
    renamed.forEach((user, index) =>
      expect(byExternalId.get(userExternalId(harness.ids.providerId, user.id))?.name, user.id).toMatchObject({ familyName: `Burst${index}` }),
    );

    // The events travelled through Postgres, not through workflow history.
    const histories = await Promise.all(
      [`events/${harness.ids.tenantId}/${harness.ids.providerId}`, `sync/${harness.ids.tenantId}/${harness.ids.providerId}`].map((id) =>
        harness.client.workflow.getHandle(id).fetchHistory(),
      ),
    );
    const text = JSON.stringify(histories);
    expect(text).not.toContain('Burst7');
    expect(text).not.toContain(renamed[7]!.id);
  });
});
