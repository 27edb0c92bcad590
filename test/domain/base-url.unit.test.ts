import { describe, expect, it } from 'vitest';
import { baseUrlProblem, InvalidBaseUrlError, joinUrl, originOf } from '../../src/domain/base-url.js';

describe('base URLs of outbound services', () => {
  it('accepts an http(s) origin with an optional path, and nothing else', () => {
    expect(baseUrlProblem('https://idp.example.org/scim/v2')).toBeUndefined();
    expect(baseUrlProblem('http://127.0.0.1:8080')).toBeUndefined();
    expect(baseUrlProblem('file:///etc/passwd')).toMatch(/http/);
    expect(baseUrlProblem('gopher://x')).toMatch(/http/);
    expect(baseUrlProblem('https://user:pw@idp.example.org/scim')).toMatch(/credentials/);
    expect(baseUrlProblem('https://idp.example.org/scim?tenant=1')).toMatch(/query/);
    expect(baseUrlProblem('https://idp.example.org/scim?')).toMatch(/query/);
    expect(baseUrlProblem('https://idp.example.org/scim#x')).toMatch(/fragment/);
    expect(baseUrlProblem('/scim/v2')).toMatch(/absolute/);
  });

  it('joins paths below the base path with the URL API, so nothing in a path leaves it', () => {
    expect(joinUrl('https://idp.example.org/scim/v2/', '/Users', { filter: 'userName eq "a b"', count: 1, startIndex: undefined })).toBe(
      'https://idp.example.org/scim/v2/Users?filter=userName%20eq%20%22a%20b%22&count=1',
    );
    expect(joinUrl('https://idp.example.org', '/Users/a%2Fb')).toBe('https://idp.example.org/Users/a%2Fb');
    expect(joinUrl('https://idp.example.org/scim', '/Users?x#y')).toBe('https://idp.example.org/scim/Users%3Fx%23y');
    expect(joinUrl('https://sis.example.org/ims/oneroster/v1p1', '/orgs', '?limit=1&filter=a%27b')).toBe(
      'https://sis.example.org/ims/oneroster/v1p1/orgs?limit=1&filter=a%27b',
    );
    expect(() => joinUrl('https://idp.example.org/scim?tenant=1', '/Users')).toThrow(InvalidBaseUrlError);
    expect(() => joinUrl('https://u:secret@idp.example.org', '/Users')).toThrow(/credentials/);
    try {
      joinUrl('https://u:secret@idp.example.org', '/Users');
    } catch (error) {
      expect(String(error)).not.toContain('secret');
    }
  });

  it('names the origin a secret is bound to', () => {
    expect(originOf('https://IdP.example.org:443/scim/v2')).toBe('https://idp.example.org');
    expect(originOf('http://idp.example.org:8080/a')).toBe('http://idp.example.org:8080');
  });
});
