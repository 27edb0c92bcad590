import { describe, expect, it } from 'vitest';
import { contentHash } from '../../src/domain/content-hash.js';
import { rawHash } from '../../src/domain/raw-hash.js';

/**
 * Both hashes are stored (raw_hash, hash, desired_hash, applied_hash) and compared with the
 * ones the next run computes: a digest that changed between releases would make every stored
 * row differ, and the first sync after an upgrade would transform and rewrite the whole
 * district. These are the digests the releases before this one stored.
 */
describe('stored hashes keep their value across releases', () => {
  it('hashes a raw payload as the transform version, a newline and its JSON', () => {
    const payload = { sourcedId: 'e1', class: { sourcedId: 's1' }, user: { sourcedId: 'u1' }, role: 'student' };
    expect(rawHash(payload)).toBe('mjwcjEwFvhHjnXcKgtnzHg0dVYXgYxZZ-wdpQfJeIfE');
  });

  it('hashes a document by its canonical JSON, whatever its key order', () => {
    const document = { userName: 'ana@x', name: { givenName: 'Ana', familyName: 'Núñez' }, active: true };
    const reordered = { active: true, name: { familyName: 'Núñez', givenName: 'Ana' }, userName: 'ana@x' };
    expect(contentHash(document)).toBe('Y9qTLfnfxJGFRgD3EISp1WyGHeO8uUlew7OTDzKqfhg');
    expect(contentHash(reordered)).toBe(contentHash(document));
  });
});
