import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/api/routes/webhooks/delivery-checks.js';
import { deletionsHeldEvent, notificationWorkflowId, runFailedEvents, seatPoolExhaustedEvents } from '../../src/domain/notifications.js';
import { notificationRequest } from '../../src/notifications/deliver.js';
import { notificationUrlProblem } from '../../src/notifications/endpoint-url.js';

const facts = {
  tenantId: 'district-42',
  providerId: '7d9f3c2e-0f4b-4a51-9a53-3b1c1f0c8e21',
  runId: '0b6f1c2a-5d7e-4f80-9a1b-2c3d4e5f6a7b',
  occurredAt: '2026-11-01T06:00:00.000Z',
};

describe('notification events', () => {
  it('derive their id from the run and the fact, so raising one again keeps the id', () => {
    const [first] = runFailedEvents(facts, { type: 'SisAuthError', message: 'HTTP 401' });
    const [again] = runFailedEvents({ ...facts, occurredAt: '2026-11-01T07:00:00.000Z' }, { type: 'SisAuthError', message: 'HTTP 401' });
    expect(first!.id).toBe(again!.id);
    expect(notificationWorkflowId(first!.id)).toBe(`notification/${facts.runId}.run.failed`);
  });

  it('add target.unreachable when the SCIM target or the SIS could not be reached', () => {
    expect(runFailedEvents(facts, { type: 'SisAuthError', message: 'HTTP 401' }).map((event) => event.type)).toEqual(['run.failed']);
    const scim = runFailedEvents(facts, { type: 'ScimUnavailableError', message: 'GET /ServiceProviderConfig: connect ECONNREFUSED' });
    expect(scim.map((event) => event.type)).toEqual(['run.failed', 'target.unreachable']);
    expect(scim[1]!.data).toMatchObject({ system: 'scim', failureType: 'ScimUnavailableError' });
    expect(runFailedEvents(facts, { type: 'SisUnavailableError', message: 'HTTP 503' })[1]!.data).toMatchObject({ system: 'sis' });
  });

  it('tell a receiver of held deletions how many, until when, and the calls that decide', () => {
    const event = deletionsHeldEvent(facts, { count: 412, approvalTimeoutSeconds: 86_400 });
    expect(event.data).toEqual({
      held: 412,
      decideBy: '2026-11-02T06:00:00.000Z',
      whenUndecided: 'discard',
      actions: {
        list: { method: 'GET', path: `/sync/district-42/deletions?providerId=${facts.providerId}` },
        approve: { method: 'POST', path: '/sync/district-42/deletions/approve', body: { providerId: facts.providerId } },
        discard: { method: 'POST', path: '/sync/district-42/deletions/discard', body: { providerId: facts.providerId } },
      },
    });
  });

  it('name each full pool with a waitlist, and only after a reconcile that waitlisted someone', () => {
    const pools = [
      { poolId: 'math', capacity: 10, held: 10, waitlisted: 3 },
      { poolId: 'reading', capacity: 10, held: 4, waitlisted: 0 },
      { poolId: 'art', capacity: 5, held: 5, waitlisted: 0 },
    ];
    expect(seatPoolExhaustedEvents(facts, { waitlisted: 0, pools })).toEqual([]);
    const events = seatPoolExhaustedEvents(facts, { waitlisted: 3, pools });
    expect(events.map((event) => [event.id, event.data])).toEqual([
      [`${facts.runId}.seat_pool.exhausted.math`, { poolId: 'math', capacity: 10, held: 10, waitlisted: 3 }],
    ]);
  });
});

describe('signed notification requests', () => {
  it('verify with the same check the bridge applies to inbound webhooks', () => {
    const [event] = runFailedEvents(facts, { type: 'SisAuthError', message: 'HTTP 401' });
    const { body, headers } = notificationRequest(event!, 'receiver-secret-0123456789', 1_700_000_000);
    expect(JSON.parse(body)).toEqual(event);
    expect(headers['x-event-id']).toBe(event!.id);
    const verdict = (secret: string) =>
      verifySignature({ secret, rawBody: body, signature: headers['x-signature'], timestamp: headers['x-timestamp'], nowSeconds: 1_700_000_060 });
    expect(verdict('receiver-secret-0123456789')).toBe('ok');
    expect(verdict('another-secret-0123456789')).toBe('bad_signature');
  });
});

describe('notification URLs', () => {
  it('are http(s) without credentials or fragment', () => {
    expect(notificationUrlProblem('https://hooks.example.org/sis?x=1', false)).toBeUndefined();
    expect(notificationUrlProblem('ftp://hooks.example.org/', true)).toBe('must be an http(s) URL');
    expect(notificationUrlProblem('https://user:pw@hooks.example.org/', true)).toBe('must not contain credentials');
    expect(notificationUrlProblem('https://hooks.example.org/#x', true)).toBe('must not contain a fragment');
    expect(notificationUrlProblem('not a url', true)).toBe('must be an absolute http(s) URL');
  });

  it('keep tenants off loopback and private addresses; the operator may use them', () => {
    for (const url of [
      'http://127.0.0.1:9000/',
      'http://localhost/',
      'http://10.0.0.7/',
      'http://[::1]:8080/',
      'http://169.254.169.254/latest',
      'http://[fd00::1]/',
    ]) {
      expect(notificationUrlProblem(url, false), url).toBeDefined();
      expect(notificationUrlProblem(url, true), url).toBeUndefined();
    }
    expect(notificationUrlProblem('http://93.184.216.34/', false)).toBeUndefined();
  });
});
