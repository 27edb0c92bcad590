import type { ExpectedRoster } from '../../sim/district/expected-roster.js';
import type { DistrictStore } from '../../sim/district/model.js';
import { enrollmentKey, type RosterKind } from '../../src/domain/roster.js';
import type { CleverClient } from '../../src/providers/clever/clever-client.js';

/**
 * What Clever v3.0 can carry of `expectedRoster(store)`. The official definitions
 * (sim/clever/spec/v3.0.yml) have no `subject` on `Course` and give `DistrictAdmin` only
 * `legacy_id` and `title` (no credentials, no staff id), so a Clever client cannot know a
 * course's subject, nor the username and sisId of a person whose only canonical role is
 * district admin. Everything else must match exactly.
 */
export function cleverView(expected: ExpectedRoster, store: Pick<DistrictStore, 'get'>): ExpectedRoster {
  return {
    ...expected,
    courses: expected.courses.map(({ subject: _subject, ...course }) => course),
    users: expected.users.map((user) => {
      const roles = store.get('users', user.sourceId)?.roles ?? [];
      if (roles.some((role) => role === 'student' || role === 'teacher' || role === 'staff')) return user;
      const { username: _username, sisId: _sisId, ...rest } = user;
      return rest;
    }),
  };
}

/** Reads every kind through the client and returns the canonical roster, sorted like expectedRoster. */
export async function readWholeDistrict(client: CleverClient, pageSize: number): Promise<{ roster: ExpectedRoster; errors: unknown[]; pages: number }> {
  const roster: ExpectedRoster = { schools: [], terms: [], courses: [], users: [], sections: [], enrollments: [] };
  const errors: unknown[] = [];
  let pages = 0;
  for (const kind of client.fetchKinds) {
    for await (const page of client.pages(kind, null, { limit: pageSize })) {
      pages += 1;
      const batch = client.transform(kind, page.records.map((record) => record.payload));
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
