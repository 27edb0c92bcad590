import { mix32, streamSeed } from './prng.js';

/**
 * Record ids: 24 lowercase hex chars that look random yet are unique by construction, without
 * remembering every id issued (a Set of 1.6M ids would defeat streaming). The first 16 hex
 * chars are a keyed Feistel permutation of a structured 64-bit number (what, which group,
 * which index) — a permutation never maps two numbers to one — and the last 8 are noise.
 * Random draws could not promise this: 2000 per-school mulberry32 streams are offsets in one
 * 2^32 cycle and would overlap.
 */

/** What the number identifies; part of the high word so classes never collide. */
export const IdClass = {
  district: 1,
  term: 2,
  course: 3,
  districtAdmin: 4,
  school: 5,
  student: 6,
  teacher: 7,
  staff: 8,
  contact: 9,
  section: 10,
} as const;
export type IdClass = (typeof IdClass)[keyof typeof IdClass];

/** Group for district-wide records (terms, courses, district admins). */
export const DISTRICT_GROUP = 0xffffff;

const ROUNDS = 4;

export class RecordIds {
  private readonly roundKeys: number[];
  private readonly noiseKey: number;

  constructor(seed: number) {
    this.roundKeys = Array.from({ length: ROUNDS }, (_, round) => streamSeed(seed, 0x1d5, round));
    this.noiseKey = streamSeed(seed, 0x401);
  }

  /** `group` is a school index (< 2^24) or DISTRICT_GROUP; `index` < 2^32. */
  idOf(idClass: IdClass, group: number, index: number): string {
    if (group < 0 || group > DISTRICT_GROUP || index < 0 || index > 0xffffffff) throw new RangeError(`id number out of range: ${group}/${index}`);
    let left = ((idClass << 24) | group) >>> 0;
    let right = index >>> 0;
    for (const key of this.roundKeys) {
      const next = (left ^ mix32(right ^ key)) >>> 0;
      left = right;
      right = next;
    }
    const noise = mix32(left ^ mix32(right ^ this.noiseKey));
    return hex8(left) + hex8(right) + hex8(noise);
  }
}

// Byte lookup: ids are minted millions of times when streaming a large district.
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex8(value: number): string {
  return (
    (HEX_BYTES[value >>> 24] as string) +
    (HEX_BYTES[(value >>> 16) & 0xff] as string) +
    (HEX_BYTES[(value >>> 8) & 0xff] as string) +
    (HEX_BYTES[value & 0xff] as string)
  );
}
