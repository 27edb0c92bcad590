import { describe, expect, it } from 'vitest';
import { rawHashesByMirrorKey } from '../../src/sync/raw-hashes-by-mirror-key.js';

describe('rawHashesByMirrorKey', () => {
  const keyOf = (record: { payload: unknown }) => (record.payload as { key?: string }).key;

  it('keys each payload hash by the mirror key read from the payload, not by its SIS id', () => {
    const staged = [
      { sourceId: 'e1', payload: { key: 's1:u1' }, rawHash: 'h1' },
      { sourceId: 'e2', payload: { key: 's1:u2' }, rawHash: 'h2' },
    ];
    expect(rawHashesByMirrorKey(staged, keyOf)).toEqual(
      new Map([
        ['s1:u1', 'h1'],
        ['s1:u2', 'h2'],
      ]),
    );
  });

  it('gives no hash to a key two payloads share, nor to a payload without key or hash', () => {
    const staged = [
      { sourceId: 'e1', payload: { key: 's1:u1' }, rawHash: 'h1' },
      { sourceId: 'e2', payload: { key: 's1:u1' }, rawHash: 'h2' },
      { sourceId: 'e3', payload: {}, rawHash: 'h3' },
      { sourceId: 'e4', payload: { key: 's2:u1' }, rawHash: null },
      { sourceId: 'e5', payload: { key: 's2:u2' }, rawHash: 'h5' },
    ];
    expect(rawHashesByMirrorKey(staged, keyOf)).toEqual(new Map([['s2:u2', 'h5']]));
  });
});
