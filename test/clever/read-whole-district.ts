import type { ExpectedRoster } from '../../sim/district/expected-roster.js';
import { enrollmentKey, type RosterKind } from '../../src/domain/roster.js';
import type { CleverClient } from '../../src/providers/clever/clever-client.js';

/** Reads every kind through the client and returns the canonical roster, sorted like expectedRoster. */
export async function readWholeDistrict(client: CleverClient, pageSize: number): Promise<{ roster: ExpectedRoster; errors: unknown[]; pages: number }> {
  const roster: ExpectedRoster = { schools: [], terms: [], courses: [], users: [], sections: [], enrollments: [] };
  const errors: unknown[] = [];
  let pages = 0;
  for (const kind of client.fetchKinds) {
    for await (const page of client.pages(kind, null, { limit: pageSize })) {
      pages += 1;
      const batch = client.transform(
        kind,
        page.records.map((record) => record.payload),
      );
      errors.push(...batch.errors);
      for (const produced of Object.keys(batch) as (RosterKind | 'errors')[]) {
        if (produced === 'errors') continue;
        (roster[produced] as unknown[]).push(...(batch[produced] ?? []));
      }
    }
  }
  const bySourceId = (a: { sourceId: string }, b: { sourceId: string }) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0);
  for (const kind of ['schools', 'terms', 'courses', 'users', 'sections'] as const) (roster[kind] as { sourceId: string }[]).sort(bySourceId);
  roster.enrollments.sort((a, b) => (enrollmentKey(a) < enrollmentKey(b) ? -1 : enrollmentKey(a) > enrollmentKey(b) ? 1 : 0));
  return { roster, errors, pages };
}
