import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userExternalId } from '../../src/domain/identity.js';
import { readScimState } from '../support/sync-fixture.js';
import { eventStatuses, startWebhookHarness, userWritesBySourceId, waitFor, type WebhookHarness } from './webhook-harness.js';

describe('ClassLink webhook notifications into a real SCIM server', () => {
  let harness: WebhookHarness;

  beforeAll(async () => {
    harness = await startWebhookHarness('classlink', 150);
  }, 180_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('fetches the named records from the SIS and applies them: a rename updates, a deletion deprovisions', async () => {
    const [renamed, removed] = harness.store.list('users').filter((user) => user.roles.includes('student'));
    harness.store.mutate({ op: 'update', kind: 'users', id: renamed!.id, patch: { name: { ...renamed!.name, last: 'Notified' } } });
    harness.store.mutate({ op: 'delete', kind: 'users', id: removed!.id });
    // Behind a trusted proxy: the allowlist is checked against the address the proxy appended.
    await harness.setWebhookSettings({ ipAllowlist: ['203.0.113.0/24'], trustProxy: true });

    const notification = { id: 'notification-1', changes: [{ collection: 'users', sourcedIds: [renamed!.id, removed!.id] }] };
    const response = await harness.deliver(notification, { headers: { 'x-forwarded-for': '198.51.100.4, 203.0.113.9' } });
    expect(response).toMatchObject({ status: 202, body: { received: 2, stored: 2, duplicates: 0 } });
    await waitFor(
      () => eventStatuses(harness),
      (statuses) => statuses.applied === 2 && !statuses.pending && !statuses.claimed,
      'the notification to be applied',
    );

    const writes = await userWritesBySourceId(harness, [renamed!.id, removed!.id]);
    expect(writes.get(renamed!.id)).toEqual(['scim.user.update']);
    expect(writes.get(removed!.id)).toEqual(['scim.user.deactivate']);
    const { users } = await readScimState(harness.scim.baseUrl, harness.scim.token);
    const byExternalId = new Map(users.map((user) => [user.externalId, user]));
    expect(byExternalId.get(userExternalId(harness.ids.providerId, renamed!.id))?.name).toMatchObject({ familyName: 'Notified' });
    expect(byExternalId.get(userExternalId(harness.ids.providerId, removed!.id))?.active).toBe(false);

    // The same notification redelivered (same id, new timestamp) is a duplicate of every record it names.
    expect((await harness.deliver(notification, { headers: { 'x-forwarded-for': '203.0.113.9' } })).body).toMatchObject({ stored: 0, duplicates: 2 });
  });

  it('rejects a notification outside its schema after the signature checked out', async () => {
    const before = await harness.counts();
    const response = await harness.deliver({ changes: [{ collection: 'gradebooks', sourcedIds: ['x'] }] }, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } });
    expect(await harness.counts()).toEqual(before);
  });
});
