/** Names come from small pools, so slugs are memoised: slugging is hot when streaming 1M people. */
const slugs = new Map<string, string>();

/**
 * ASCII identifier from a display name, for email local parts and domains: "Núñez" → "nunez",
 * "O'Brien" → "obrien". Non-Latin names ("李") yield "", and callers fall back to a word.
 */
export function asciiSlug(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) {
    slug = name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    if (slugs.size < 10_000) slugs.set(name, slug);
  }
  return slug;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const dayPrefixes = new Map<number, string>();

/**
 * `Date#toISOString` for whole-minute instants, with the date part cached: the generator stamps
 * every record and the district's timestamps span only a few dozen days.
 */
export function isoMinute(epochMs: number): string {
  if (epochMs % MINUTE_MS !== 0) return new Date(epochMs).toISOString();
  const day = Math.floor(epochMs / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (dayPrefixes.size < 10_000) dayPrefixes.set(day, prefix);
  }
  const minutes = (epochMs - day * DAY_MS) / MINUTE_MS;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${prefix}${hh}:${mm}:00.000Z`;
}
