import { describe, expect, it } from 'vitest';
import { eqFilter, needsFilterEscaping, quoteFilterValue, swFilter, unescapedPrefix } from '../../src/scim/filter.js';

describe('SCIM filter literals (RFC 7644 §3.4.2.2: JSON strings)', () => {
  it.each([
    ['plain', 'bjensen@example.com', '"bjensen@example.com"'],
    ['double quote', 'say "hi"', '"say \\"hi\\""'],
    ['backslash', 'DOMAIN\\user', '"DOMAIN\\\\user"'],
    ['apostrophe stays as is', "O'Brien", '"O\'Brien"'],
    ['non-Latin stays literal', '李小龙 Ζωή', '"李小龙 Ζωή"'],
    ['control characters become \\u escapes', 'a\tb\u0001', '"a\\tb\\u0001"'],
  ])('quotes %s', (_label, value, expected) => {
    expect(quoteFilterValue(value)).toBe(expected);
    // The literal reads back as the original value with any JSON parser.
    expect(JSON.parse(expected)).toBe(value);
  });

  it('builds eq and sw comparisons, including extension attribute paths', () => {
    expect(eqFilter('externalId', 'a"b\\c')).toBe('externalId eq "a\\"b\\\\c"');
    expect(swFilter('userName', 'abc')).toBe('userName sw "abc"');
    expect(eqFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber', '7')).toBe(
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "7"',
    );
  });

  it('refuses attribute paths that could smuggle filter syntax', () => {
    expect(() => eqFilter('userName eq "x" or userName', 'y')).toThrow(/attribute path/);
    expect(() => eqFilter('', 'y')).toThrow(/attribute path/);
  });

  it('finds the part of a value that needs no escaping', () => {
    expect(needsFilterEscaping('plain value')).toBe(false);
    expect(needsFilterEscaping('a"b')).toBe(true);
    expect(needsFilterEscaping('a\\b')).toBe(true);
    expect(unescapedPrefix('say "hi"')).toBe('say ');
    expect(unescapedPrefix('"leading')).toBe('');
    expect(unescapedPrefix('clean')).toBe('clean');
  });
});
