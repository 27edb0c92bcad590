import { describe, expect, it } from 'vitest';
import { planBulkChunks } from '../../src/scim/bulk.js';
import { planMembershipPatches } from '../../src/scim/membership-patch.js';

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${index}`);

describe('membership PATCH planning', () => {
  it('never puts more than 100 member changes in one PATCH', () => {
    const chunks = planMembershipPatches({ add: ids('a', 250), remove: ids('r', 70) }, { memberRemoval: 'pathFilter', maxMemberChangesPerPatch: 100 });
    expect(chunks.map((chunk) => chunk.add.length + chunk.remove.length)).toEqual([100, 100, 100, 20]);
    // Removals go first; the first chunk mixes the 70 removals with 30 additions.
    expect(chunks[0]).toMatchObject({ remove: ids('r', 70), add: ids('a', 30) });
  });

  it('removes by value-path filter, one operation per member, with the id escaped', () => {
    const [chunk] = planMembershipPatches({ remove: ['x"1'], add: ['y'] }, { memberRemoval: 'pathFilter', maxMemberChangesPerPatch: 100 });
    expect(chunk?.operations).toEqual([
      { op: 'remove', path: 'members[value eq "x\\"1"]' },
      { op: 'add', path: 'members', value: [{ value: 'y' }] },
    ]);
  });

  it('removes by value array in the valueArray dialect and drops duplicate ids', () => {
    const [chunk] = planMembershipPatches({ remove: ['a', 'b', 'a'] }, { memberRemoval: 'valueArray', maxMemberChangesPerPatch: 100 });
    expect(chunk?.operations).toEqual([{ op: 'remove', path: 'members', value: [{ value: 'a' }, { value: 'b' }] }]);
  });

  it('plans nothing for no changes', () => {
    expect(planMembershipPatches({}, { memberRemoval: 'pathFilter', maxMemberChangesPerPatch: 100 })).toEqual([]);
  });
});

describe('bulk chunk planning (RFC 7644 §3.7: maxOperations and maxPayloadSize)', () => {
  const entry = (index: number, bytes = 10) => ({
    index,
    request: { method: 'POST' as const, path: '/Users', bulkId: `b${index}`, data: { pad: 'x'.repeat(bytes) } },
  });

  it('splits on maxOperations', () => {
    const chunks = planBulkChunks(
      Array.from({ length: 7 }, (_, index) => entry(index)),
      { maxOperations: 3, maxPayloadSize: 1_000_000 },
    );
    expect(chunks.map((chunk) => chunk.map((item) => item.index))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('splits on payload size, counting the whole request body', () => {
    const one = JSON.stringify(entry(0, 200).request).length;
    const chunks = planBulkChunks(
      Array.from({ length: 5 }, (_, index) => entry(index, 200)),
      { maxOperations: 100, maxPayloadSize: one * 2 + 120 },
    );
    expect(chunks.map((chunk) => chunk.length)).toEqual([2, 2, 1]);
    for (const chunk of chunks) {
      const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: chunk.map((item) => item.request) });
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(one * 2 + 120);
    }
  });

  it('sends an operation too large for any chunk on its own', () => {
    const chunks = planBulkChunks([entry(0), entry(1, 5_000), entry(2)], { maxOperations: 100, maxPayloadSize: 1_000 });
    expect(chunks.map((chunk) => chunk.map((item) => item.index))).toEqual([[0], [1], [2]]);
  });
});
