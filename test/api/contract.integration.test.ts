import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/api/app.js';
import { startApiHarness, type ApiHarness } from './support/api-harness.js';

interface Case {
  name: string;
  method: string;
  path: (tenantId: string, providerId: string) => string;
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  code: string;
  /** Fields the error must name (details.fields[].field). */
  fields?: string[];
}

const huge = JSON.stringify({ id: 'big', name: 'x'.repeat(MAX_BODY_BYTES) });
const validClever = { kind: 'clever', name: 'n', connection: { baseUrl: 'http://127.0.0.1:9' }, credentials: { token: 't' } };

const CASES: Case[] = [
  { name: 'bad tenant id', method: 'GET', path: () => '/tenants/bad%20id!/providers', status: 400, code: 'validation_failed', fields: ['path.tenant_id'] },
  {
    name: 'bad provider id',
    method: 'GET',
    path: (t) => `/tenants/${t}/providers/not-a-uuid`,
    status: 400,
    code: 'validation_failed',
    fields: ['path.provider_id'],
  },
  { name: 'bad run id', method: 'GET', path: (t) => `/tenants/${t}/runs/42/changes.csv`, status: 400, code: 'validation_failed', fields: ['path.run_id'] },
  {
    name: 'wrong types',
    method: 'POST',
    path: () => '/tenants',
    body: { id: 5, name: true },
    status: 400,
    code: 'validation_failed',
    fields: ['body.id', 'body.name'],
  },
  {
    name: 'unknown field',
    method: 'POST',
    path: () => '/tenants',
    body: { id: 'x1', name: 'X', plan: 'gold' },
    status: 400,
    code: 'validation_failed',
    fields: ['body'],
  },
  {
    name: 'unknown nested field',
    method: 'POST',
    path: (t) => `/tenants/${t}/providers`,
    body: { ...validClever, credentials: { token: 't', password: 'p' } },
    status: 400,
    code: 'validation_failed',
    fields: ['body.credentials'],
  },
  {
    name: 'unknown kind',
    method: 'POST',
    path: (t) => `/tenants/${t}/providers`,
    body: { ...validClever, kind: 'powerschool' },
    status: 400,
    code: 'validation_failed',
    fields: ['body.kind'],
  },
  {
    name: 'interval too short',
    method: 'PUT',
    path: (t, p) => `/tenants/${t}/providers/${p}`,
    body: { scheduleIntervalSeconds: 5 },
    status: 400,
    code: 'validation_failed',
    fields: ['body.scheduleIntervalSeconds'],
  },
  {
    name: 'kind is immutable',
    method: 'PUT',
    path: (t, p) => `/tenants/${t}/providers/${p}`,
    body: { kind: 'classlink' },
    status: 400,
    code: 'validation_failed',
    fields: ['body'],
  },
  {
    name: 'non-http base URL',
    method: 'PUT',
    path: (t) => `/tenants/${t}/scim-target`,
    body: { baseUrl: 'file:///etc/passwd', token: 't' },
    status: 400,
    code: 'validation_failed',
    fields: ['body.baseUrl'],
  },
  { name: 'array body', method: 'POST', path: () => '/tenants', body: [], status: 400, code: 'validation_failed' },
  { name: 'null body', method: 'POST', path: () => '/tenants', body: 'null', status: 400, code: 'validation_failed' },
  { name: 'missing body', method: 'POST', path: () => '/tenants', status: 400, code: 'validation_failed', fields: ['body'] },
  { name: 'missing body of optional fields', method: 'PUT', path: (t) => `/tenants/${t}`, status: 400, code: 'validation_failed', fields: ['body'] },
  {
    name: 'U+0000 in a body',
    method: 'POST',
    path: () => '/tenants',
    body: { id: 'x4', name: 'a\u0000b' },
    status: 400,
    code: 'validation_failed',
    fields: ['body.name'],
  },
  { name: 'malformed JSON', method: 'POST', path: () => '/tenants', body: '{"id": "x2", "name":', status: 400, code: 'bad_request' },
  {
    name: 'wrong content type',
    method: 'POST',
    path: () => '/tenants',
    body: 'id=x3',
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'form instead of JSON',
    method: 'POST',
    path: (t) => `/sync/${t}/start`,
    body: 'mode=full',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'unsupported_media_type',
  },
  { name: 'body over 1 MiB', method: 'POST', path: () => '/tenants', body: huge, status: 413, code: 'payload_too_large' },
  { name: 'bad page size', method: 'GET', path: (t) => `/sync/${t}/history?limit=0`, status: 400, code: 'validation_failed', fields: ['query.limit'] },
  {
    name: 'bad status filter',
    method: 'GET',
    path: (t) => `/sync/${t}/history?status=sleeping`,
    status: 400,
    code: 'validation_failed',
    fields: ['query.status'],
  },
  { name: 'bad audit time', method: 'GET', path: (t) => `/tenants/${t}/audit?from=yesterday`, status: 400, code: 'validation_failed', fields: ['query.from'] },
  {
    name: 'deletions without provider',
    method: 'GET',
    path: (t) => `/sync/${t}/deletions`,
    status: 400,
    code: 'validation_failed',
    fields: ['query.providerId'],
  },
  {
    name: 'empty token name',
    method: 'POST',
    path: (t) => `/tenants/${t}/tokens`,
    body: { name: '' },
    status: 400,
    code: 'validation_failed',
    fields: ['body.name'],
  },
  {
    name: 'unknown provider',
    method: 'GET',
    path: (t) => `/tenants/${t}/providers/00000000-0000-4000-8000-000000000000`,
    status: 404,
    code: 'provider_not_found',
  },
  { name: 'unknown tenant', method: 'GET', path: () => '/tenants/nobody-here/providers', status: 404, code: 'tenant_not_found' },
  { name: 'unknown route', method: 'GET', path: () => '/v2/tenants', status: 404, code: 'not_found' },
  { name: 'unknown method', method: 'PATCH', path: () => '/tenants', body: {}, status: 405, code: 'method_not_allowed' },
  { name: 'unknown method on a tenant path', method: 'DELETE', path: (t) => `/tenants/${t}`, status: 405, code: 'method_not_allowed' },
  { name: 'stop with nothing running', method: 'POST', path: (t) => `/sync/${t}/stop`, status: 404, code: 'no_running_sync' },
];

describe('the API contract', () => {
  let api: ApiHarness;
  let tenantId: string;
  const providerId = '00000000-0000-4000-8000-000000000001';

  beforeAll(async () => {
    api = await startApiHarness();
    tenantId = await api.createTenant();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers every malformed request with a 4xx in the one error shape, naming the bad fields, and changes nothing', async () => {
    const before = await api.dumpDatabase();
    for (const testCase of CASES) {
      const response = await api.call(testCase.method, testCase.path(tenantId, providerId), {
        ...(testCase.body === undefined ? {} : { body: testCase.body }),
        ...(testCase.headers ? { headers: testCase.headers } : {}),
      });
      const body = (await response.json()) as { error: { code: string; message: string; details?: { fields?: Array<{ field: string }> } } };
      expect(response.status, `${testCase.name}: ${JSON.stringify(body)}`).toBe(testCase.status);
      expect(Object.keys(body), testCase.name).toEqual(['error']);
      expect(body.error.code, testCase.name).toBe(testCase.code);
      expect(typeof body.error.message, testCase.name).toBe('string');
      if (testCase.fields)
        expect(
          body.error.details?.fields?.map((field) => field.field),
          testCase.name,
        ).toEqual(expect.arrayContaining(testCase.fields));
    }
    expect(await api.dumpDatabase()).toBe(before);
  });

  it('serves a valid OpenAPI 3 document covering every route, with bearer security', async () => {
    const document = await api.expectJson<Record<string, unknown> & { openapi: string; paths: Record<string, unknown> }>(200, 'GET', '/openapi.json', {
      token: null,
    });
    expect(document.openapi).toMatch(/^3\./);
    await SwaggerParser.validate(structuredClone(document) as never);
    expect(document).toMatchObject({
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearerAuth: [] }],
    });
    const documented = new Set(Object.keys(document.paths));
    const served = api.app.routes.filter((route) => route.method !== 'ALL').map((route) => route.path.replaceAll(/:([a-z_]+)/g, '{$1}'));
    for (const path of served) if (!/^\/(openapi\.json|docs)(\/|$)/.test(path)) expect(documented, path).toContain(path);
    // Health is open: its operations override the global security with none.
    expect(document.paths['/healthz']).toMatchObject({ get: { security: [] } });
  });
});
