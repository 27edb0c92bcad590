import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantServiceError } from '../../src/tenant-service/licenses.js';
import { TenantServiceClient } from '../../src/tenant-service/tenant-service-client.js';
import { startTenantServiceStub, type TenantServiceStub } from './tenant-service-stub.js';

async function failureOf(promise: Promise<unknown>): Promise<TenantServiceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TenantServiceError)) throw new Error(`expected a TenantServiceError, got ${String(error)}`);
  return error;
}

describe('Tenant Service licenses contract (client against a loopback stub of the README contract)', () => {
  let stub: TenantServiceStub;
  let client: TenantServiceClient;

  beforeAll(async () => {
    stub = await startTenantServiceStub();
    client = new TenantServiceClient({ baseUrl: stub.baseUrl, token: stub.token });
  });
  afterAll(() => stub?.close());

  it('reads licensed seats by SKU with the bearer token, ignoring fields it does not know', async () => {
    stub.licenses.set('district 7', { 'MATH-PLUS': 120, READ: 0 });
    expect(await client.licensedSeats('district 7')).toEqual(
      new Map([
        ['MATH-PLUS', 120],
        ['READ', 0],
      ]),
    );
    expect(stub.requests.at(-1)).toEqual({ path: '/api/tenants/district%207/licenses', authorization: `Bearer ${stub.token}` });
  });

  it('treats a rejected token, an unknown tenant and a broken body as failures a retry cannot fix', async () => {
    const wrongToken = new TenantServiceClient({ baseUrl: stub.baseUrl, token: 'not-the-token' });
    expect(await failureOf(wrongToken.licensedSeats('district 7'))).toMatchObject({ status: 401, retryable: false });
    expect(await failureOf(client.licensedSeats('nobody'))).toMatchObject({
      status: 404,
      retryable: false,
      message: 'Tenant Service does not know tenant "nobody"',
    });
    stub.fault = { status: 200, body: JSON.stringify({ tenantId: 'district 7', licenses: [{ sku: 'A', seats: -1 }] }) };
    expect(await failureOf(client.licensedSeats('district 7'))).toMatchObject({ retryable: false });
    stub.fault = {
      status: 200,
      body: JSON.stringify({
        tenantId: 'district 7',
        licenses: [
          { sku: 'A', seats: 1 },
          { sku: 'A', seats: 2 },
        ],
      }),
    };
    expect((await failureOf(client.licensedSeats('district 7'))).message).toContain('each sku at most once');
    stub.fault = { status: 200, body: JSON.stringify({ tenantId: 'district 8', licenses: [] }) };
    expect((await failureOf(client.licensedSeats('district 7'))).message).toContain('answered for tenant "district 8"');
    stub.fault = { status: 200, body: 'not json' };
    expect(await failureOf(client.licensedSeats('district 7'))).toMatchObject({ retryable: false });
    stub.fault = undefined;
  });

  it('leaves outages and rate limits to the activity retry policy', async () => {
    stub.fault = { status: 503 };
    expect(await failureOf(client.licensedSeats('district 7'))).toMatchObject({ status: 503, retryable: true });
    stub.fault = { status: 429 };
    expect(await failureOf(client.licensedSeats('district 7'))).toMatchObject({ status: 429, retryable: true });
    stub.fault = undefined;
    const closed = await startTenantServiceStub();
    await closed.close();
    expect(await failureOf(new TenantServiceClient({ baseUrl: closed.baseUrl, token: 't' }).licensedSeats('district 7'))).toMatchObject({ retryable: true });
  });
});
