import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryAfterFromHeaders } from '../../src/scim/retry-policy.js';
import { isRetryableStatus, retryDelayMs } from '../../src/scim/retry-policy.js';

const NOW = Date.parse('2025-03-01T12:00:00Z');

describe('Retry-After parsing (RFC 9110 §10.2.3)', () => {
  it.each([
    ['delay-seconds', '120', 120_000],
    ['zero', '0', 0],
    ['fractional seconds (seen in the wild)', '1.5', 1_500],
    ['padded', '  7 ', 7_000],
    ['IMF-fixdate in the future', 'Sat, 01 Mar 2025 12:00:30 GMT', 30_000],
    ['IMF-fixdate in the past clamps to zero', 'Sat, 01 Mar 2025 11:59:00 GMT', 0],
  ])('reads %s', (_label, value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['negative', '-5'],
    ['garbage', 'soon'],
    ['missing', null],
  ])('ignores %s', (_label, value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });

  it('reads Retry-After and X-Retry-After, taking the longer when both are sent', () => {
    expect(retryAfterFromHeaders(new Headers({ 'x-retry-after': '4' }), NOW)).toBe(4_000);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '2', 'x-retry-after': '9' }), NOW)).toBe(9_000);
    expect(retryAfterFromHeaders(new Headers(), NOW)).toBeUndefined();
  });
});

describe('retry delays', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1_000 };

  it('uses full-jitter exponential backoff capped at maxDelayMs', () => {
    const top = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, policy, top))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(retryDelayMs(3, policy, () => 0)).toBe(0);
  });

  it('treats a server hint as a floor with a little jitter', () => {
    expect(retryDelayMs(1, policy, () => 0, 5_000)).toBe(5_000);
    expect(retryDelayMs(1, policy, () => 0.5, 5_000)).toBe(5_050);
  });

  it('retries 429 and transient 5xx only', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 404, 409, 413, 501].some(isRetryableStatus)).toBe(false);
  });
});
