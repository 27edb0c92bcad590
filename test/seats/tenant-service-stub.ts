import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the platform's Tenant Service, implementing only the contract
 * the bridge defines in the README ("Tenant Service contract"): the Tenant Service is a
 * third party we cannot run, and this contract is the thing under test.
 */
export interface TenantServiceStub {
  baseUrl: string;
  token: string;
  /** Licensed seats per tenant, by SKU; an unknown tenant answers 404. */
  licenses: Map<string, Record<string, number>>;
  /** Answer every request with this status (and a non-contract body) while set. */
  fault: { status: number; body?: string } | undefined;
  requests: Array<{ path: string; authorization: string | undefined }>;
  close(): Promise<void>;
}

export async function startTenantServiceStub(token = 'tenant-service-test-token'): Promise<TenantServiceStub> {
  const stub: TenantServiceStub = { baseUrl: '', token, licenses: new Map(), fault: undefined, requests: [], close: async () => {} };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    stub.requests.push({ path: request.url ?? '', authorization: request.headers.authorization });
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (stub.fault) return send(stub.fault.status, stub.fault.body ?? { error: 'fault' });
    const match = /^\/api\/tenants\/([^/]+)\/licenses$/.exec(request.url ?? '');
    if (request.method !== 'GET' || !match) return send(404, { error: 'no such route' });
    if (request.headers.authorization !== `Bearer ${token}`) return send(401, { error: 'unauthorized' });
    const tenantId = decodeURIComponent(match[1]!);
    const licensed = stub.licenses.get(tenantId);
    if (!licensed) return send(404, { error: 'unknown tenant' });
    return send(200, { tenantId, licenses: Object.entries(licensed).map(([sku, seats]) => ({ sku, seats, renewsOn: '2027-06-30' })) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  stub.close = () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return stub;
}
