/**
 * Cost of target verification: prints figures, asserts nothing.
 *   npx tsx bench/verify-target.ts [--students 100000] [--drift 100] [--lookups 5000] [--seed S] [--database-url URL]
 *
 * Seeds a real SCIMMY server (in this process, on loopback) and the bridge's record of what it
 * applied (scim_resources, scim_group_members, on a database of its own) with the same
 * generated district, as a completed full sync would leave them, then makes drift directly in
 * the server (users deleted, deactivated and renamed, group members removed: --drift each) and
 * runs the verification stage (src/sync/verify) as the activities do, without Temporal:
 * - listing mode over Users then Groups, then settling what was not seen;
 * - lookup mode (the fallback for targets that cannot page) over the first --lookups users.
 * Prints for each: SCIM requests, wall seconds, resources per second, drift found, peak RSS.
 * The SCIM server shares this process, so its CPU is inside the figures.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { expectedRoster } from '../sim/district/expected-roster.js';
import { generateDistrict } from '../sim/district/generator.js';
import { createDistrictStore } from '../sim/district/store.js';
import { startScimmyServer } from '../sim/scim/scimmy-server.js';
import type { Database } from '../src/db/database.js';
import { toScimGroup } from '../src/domain/group-mapping.js';
import { groupExternalId, userExternalId } from '../src/domain/identity.js';
import { addRepairCounts, describeRepairs, emptyRepairCounts, type RepairCounts } from '../src/domain/target-repairs.js';
import { toScimUser } from '../src/domain/user-mapping.js';
import { connectScimClient, SCIM_SCHEMA, type ScimClient } from '../src/scim/index.js';
import { EmbeddedSecretStore } from '../src/secrets/embedded-store.js';
import { contentHash } from '../src/domain/content-hash.js';
import type { VerifyScope } from '../src/sync/verify/compare-read-back.js';
import { verifyByListing, verifyByLookup } from '../src/sync/verify/read-back.js';
import { settleUnseen } from '../src/sync/verify/settle-unseen.js';
import { createTenantWithProvider } from '../sim/fixtures/tenant-fixture.js';
import { DEFAULT_BENCH_DATABASE_URL, openBenchDatabase } from './bench-database.js';

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '100000' },
    drift: { type: 'string', default: '100' },
    lookups: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '7' },
    'database-url': { type: 'string' },
  },
});
const students = Number(values.students);
const drift = Number(values.drift);
const lookups = Number(values.lookups);

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);

const database = await openBenchDatabase(values['database-url'] ?? DEFAULT_BENCH_DATABASE_URL, values['database-url'] !== undefined);
const scimmy = await startScimmyServer({ maxResults: 1000 });
try {
  const db = database.db;
  const ids = await createTenantWithProvider(db, new EmbeddedSecretStore(db, Buffer.alloc(32, 7)), {
    kind: 'clever',
    baseUrl: 'http://127.0.0.1:9',
    credentials: { token: 'unused' },
  });
  const seeded = Date.now();
  const { users, groups, members } = await seed(db, scimmy.store, ids, Number(values.seed));
  console.log(`database: ${database.label}`);
  console.log(
    `seeded ${users} users, ${groups} groups, ${members} memberships on the target and in the record in ${((Date.now() - seeded) / 1000).toFixed(1)} s`,
  );
  makeDrift(scimmy.store, drift);
  console.log(`drift made on the target: ${drift} users deleted, ${drift} deactivated, ${drift} renamed, ${drift} memberships removed`);

  const scim = await connectScimClient({ baseUrl: scimmy.baseUrl, token: scimmy.token });
  console.log(`page size ${scim.dialect.pageSize}`);
  await measure(
    'listing mode (Users + Groups, then settle)',
    scimmy.traffic,
    users + groups,
    async (scope) => {
      const repairs = emptyRepairCounts();
      for (const resourceType of ['User', 'Group'] as const) {
        let cursor = null;
        do {
          const step = await verifyByListing(db, scim, scope, resourceType, cursor);
          if (step.fallback) throw new Error(step.fallback);
          addRepairCounts(repairs, step.repairs);
          cursor = step.cursor;
        } while (cursor);
        addRepairCounts(repairs, await settleUnseen(db, scope, resourceType));
      }
      return repairs;
    },
    ids,
  );
  await measure(`lookup mode (first ${lookups} users, one GET each)`, scimmy.traffic, lookups, (scope) => lookupUsers(db, scim, scope, lookups), ids);
} finally {
  clearInterval(sampler);
  await scimmy.close();
  await database.dispose();
}

async function measure(
  label: string,
  traffic: { resetCounters(): void; stats: { received: number } },
  resources: number,
  run: (scope: VerifyScope) => Promise<RepairCounts>,
  ids: { tenantId: string; providerId: string },
): Promise<void> {
  // dryRun: the record stays as seeded, so both modes see the same drift.
  const scope: VerifyScope = { ...ids, runId: randomUUID(), dryRun: true };
  traffic.resetCounters();
  const started = performance.now();
  const repairs = await run(scope);
  const seconds = (performance.now() - started) / 1000;
  console.log(`\n${label}`);
  console.log(
    `  SCIM requests ${traffic.stats.received}, ${seconds.toFixed(1)} s, ${Math.round(resources / seconds)} resources/s, peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`,
  );
  console.log(`  ${describeRepairs(repairs)}`);
}

async function lookupUsers(db: Database, scim: ScimClient, scope: VerifyScope, limit: number): Promise<RepairCounts> {
  const repairs = emptyRepairCounts();
  let after: string | null = '';
  for (let done = 0; after !== null && done < limit; done += 500) {
    const step = await verifyByLookup(db, scim, scope, 'User', after);
    addRepairCounts(repairs, step.repairs);
    after = step.after;
  }
  return repairs;
}

type Store = Awaited<ReturnType<typeof startScimmyServer>>['store'];

async function seed(db: Database, store: Store, ids: { tenantId: string; providerId: string }, seedValue: number) {
  const roster = expectedRoster(createDistrictStore(generateDistrict({ seed: seedValue, students, today: new Date('2026-11-01') })));
  const rows: Array<Record<string, unknown>> = [];
  const scimIdOf = new Map<string, string>();
  for (const user of roster.users) {
    const document = toScimUser(user, {
      externalId: userExternalId(ids.providerId, user.sourceId),
      userName: `${user.sourceId}@bench.example`,
      emailDomain: 'bench.example',
      requireEmail: false,
      enterprise: false,
      primarySchoolName: undefined,
    });
    const stored = store.users.insert({ schemas: [SCIM_SCHEMA.user], ...document });
    scimIdOf.set(user.sourceId, stored.id);
    rows.push({
      resource_type: 'User',
      source_id: user.sourceId,
      scim_id: stored.id,
      external_id: document.externalId,
      user_name: document.userName,
      applied_hash: contentHash(document),
      applied_document: document,
    });
  }
  const courses = new Map(roster.courses.map((course) => [course.sourceId, course.name]));
  const terms = new Map(roster.terms.map((term) => [term.sourceId, term.name]));
  const memberRows: Array<[string, string]> = [];
  const enrolledIn = new Map<string, string[]>();
  for (const enrollment of roster.enrollments) enrolledIn.set(enrollment.sectionId, [...(enrolledIn.get(enrollment.sectionId) ?? []), enrollment.userId]);
  for (const section of roster.sections) {
    const document = toScimGroup(section, groupExternalId(ids.providerId, section.sourceId), {
      ...(section.courseId && courses.get(section.courseId) ? { courseName: courses.get(section.courseId)! } : {}),
      ...(section.termId && terms.get(section.termId) ? { termName: terms.get(section.termId)! } : {}),
    });
    const enrolled = [...new Set(enrolledIn.get(section.sourceId) ?? [])];
    const stored = store.insertGroup({ schemas: [SCIM_SCHEMA.group], ...document, members: enrolled.map((userId) => ({ value: scimIdOf.get(userId)! })) });
    for (const userId of enrolled) memberRows.push([section.sourceId, userId]);
    rows.push({
      resource_type: 'Group',
      source_id: section.sourceId,
      scim_id: stored.id,
      external_id: document.externalId,
      user_name: null,
      applied_hash: contentHash(document),
      applied_document: document,
    });
  }
  for (let start = 0; start < rows.length; start += 1000) {
    await db.execute(sql`insert into scim_resources (provider_id, tenant_id, resource_type, source_id, scim_id, external_id, user_name, applied_hash, applied_document, active)
      select ${ids.providerId}::uuid, ${ids.tenantId}, r.resource_type, r.source_id, r.scim_id, r.external_id, r.user_name, r.applied_hash, r.applied_document, true
      from jsonb_to_recordset(${JSON.stringify(rows.slice(start, start + 1000))}::jsonb) as r(resource_type text, source_id text, scim_id text, external_id text, user_name text, applied_hash text, applied_document jsonb)`);
  }
  for (let start = 0; start < memberRows.length; start += 10_000) {
    await db.execute(sql`insert into scim_group_members (provider_id, group_source_id, user_source_id)
      select ${ids.providerId}::uuid, pair->>0, pair->>1 from jsonb_array_elements(${JSON.stringify(memberRows.slice(start, start + 10_000))}::jsonb) as pair on conflict do nothing`);
  }
  await db.execute(sql`analyze`);
  return { users: roster.users.length, groups: roster.sections.length, members: memberRows.length };
}

function makeDrift(store: Store, count: number): void {
  const users = [...store.users.values()];
  for (const user of users.slice(0, count)) store.deleteUser(user.id);
  for (const user of users.slice(count, 2 * count)) user.active = false;
  for (const user of users.slice(2 * count, 3 * count)) user.name = { ...(user.name as object), familyName: 'Renamed-On-Target' };
  let removed = 0;
  for (const group of store.groups.values()) {
    const members = group.members as Array<{ value: string }> | undefined;
    if (!members || members.length === 0 || removed >= count) continue;
    group.members = members.slice(1);
    removed += 1;
  }
}
