import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { renderMetrics, registrySource } from '../../src/metrics/exposition.js';
import { scimOperationOf } from '../../src/metrics/metered-fetch.js';
import { utilisationBand } from '../../src/metrics/operator-state.js';
import { statusClass } from '../../src/metrics/registry.js';
import { isAuthorizedScrape } from '../../src/metrics/scrape-auth.js';

describe('SCIM operation labels (RFC 7644 §3, whatever the base path)', () => {
  it.each([
    ['POST', '/scim/v2/Users', 'create', 'User'],
    ['GET', '/scim/v2/Users', 'query', 'User'],
    ['POST', '/scim/v2/Users/.search', 'query', 'User'],
    ['GET', '/tenants/t-1/scim/Users/2819c223', 'get', 'User'],
    ['PUT', '/scim/v2/Users/2819c223', 'replace', 'User'],
    ['PATCH', '/scim/v2/Groups/e9e30dba', 'patch', 'Group'],
    ['DELETE', '/scim/v2/Groups/e9e30dba', 'delete', 'Group'],
    ['POST', '/scim/v2/Bulk', 'bulk', 'none'],
    ['GET', '/scim/v2/ServiceProviderConfig', 'discovery', 'none'],
    ['GET', '/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User', 'discovery', 'none'],
    ['GET', '/scim/v2/Me', 'other', 'none'],
  ])('%s %s → %s %s', (method, path, operation, resource) => {
    expect(scimOperationOf(method, path)).toEqual({ operation, resource });
  });

  it('classes statuses, and no answer as error', () => {
    expect([200, 204, 304, 409, 429, 503, undefined].map(statusClass)).toEqual(['2xx', '2xx', '3xx', '4xx', '4xx', '5xx', 'error']);
  });
});

describe('seat pool utilisation bands', () => {
  const pool = (capacity: number, assigned: number, releasing = 0) => utilisationBand({ capacity, assigned, releasing, waitlisted: 0 });
  it('puts held seats (in grace included) against capacity', () => {
    expect([pool(100, 49), pool(100, 50), pool(100, 79, 1), pool(100, 94), pool(100, 95), pool(100, 99), pool(100, 100), pool(100, 90, 10)]).toEqual([
      '0-50',
      '50-80',
      '80-95',
      '80-95',
      '95-100',
      '95-100',
      'full',
      'full',
    ]);
  });
  it('calls a pool without capacity full', () => {
    expect(pool(0, 0)).toBe('full');
  });
});

describe('scrape authentication', () => {
  it('is open without METRICS_TOKEN and needs the exact bearer with it', () => {
    expect(isAuthorizedScrape(undefined, undefined)).toBe(true);
    expect(isAuthorizedScrape(undefined, 'metrics-token-0123456789')).toBe(false);
    expect(isAuthorizedScrape('Bearer metrics-token-012345678', 'metrics-token-0123456789')).toBe(false);
    expect(isAuthorizedScrape('Basic metrics-token-0123456789', 'metrics-token-0123456789')).toBe(false);
    expect(isAuthorizedScrape('Bearer metrics-token-0123456789', 'metrics-token-0123456789')).toBe(true);
  });
});

describe('exposition', () => {
  it('concatenates sources into one text, refreshing a source before it renders', async () => {
    const first = new Registry();
    const second = new Registry();
    const runs = new Counter({ name: 'first_total', help: 'first', registers: [first] });
    const refreshed = new Counter({ name: 'second_total', help: 'second', registers: [second] });
    runs.inc(2);
    const text = await renderMetrics([registrySource(first), registrySource(second, async () => refreshed.inc(5)), async () => 'temporal_worker_start 1']);
    expect(text).toContain('first_total 2\n');
    expect(text).toContain('second_total 5\n');
    expect(text.endsWith('temporal_worker_start 1\n')).toBe(true);
  });
});
