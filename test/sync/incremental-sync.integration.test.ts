import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncRuns } from '../../src/db/schema/index.js';
import { auditActionsOfRun, runSync } from '../support/sync-fixture.js';
import { startSyncStack, type SyncStack } from '../support/sync-stack.js';
import type { TestDatabase } from '../support/test-database.js';

const scimWrites = async (db: TestDatabase['db'], runId: string) => (await auditActionsOfRun(db, runId)).filter((entry) => entry.action.startsWith('scim.'));
const sourceIdsOf = (entries: Array<{ action: string; sourceId: unknown }>, action: string) =>
  entries
    .filter((entry) => entry.action === action)
    .map((entry) => String(entry.sourceId))
    .sort();

describe.each(['clever', 'classlink'] as const)('incremental and selective sync from %s', (kind) => {
  let stack: SyncStack;
  let database: SyncStack['database'];
  let store: SyncStack['store'];
  let scim: SyncStack['scim'];
  let worker: SyncStack['worker'];
  let temporal: SyncStack['temporal'];
  let ids: SyncStack['ids'];

  beforeAll(async () => {
    stack = await startSyncStack({ kind, seed: 23, students: 1000, sync: { batchSize: 200 } });
    ({ database, store, scim, worker, temporal, ids } = stack);
    const first = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'full' });
    expect(first.status).toBe('completed');
  }, 240_000);

  afterAll(() => stack?.close());

  it('applies exactly the changed users and enrollments, and deprovisions a deleted user', { timeout: 240_000 }, async () => {
    const students = store.list('users').filter((user) => user.roles.includes('student'));
    const renamed = students.slice(0, 100);
    for (const user of renamed) store.mutate({ op: 'update', kind: 'users', id: user.id, patch: { name: { first: `${user.name.first}x` } } });
    const touchedSections = new Set<string>();
    const movers = students.slice(200, 210);
    for (const mover of movers) {
      const from = store.list('sections').find((section) => section.studentIds.includes(mover.id))!;
      const to = store.list('sections').find((section) => section.schoolId === from.schoolId && !section.studentIds.includes(mover.id))!;
      store.mutate({ op: 'unenroll', sectionId: from.id, userId: mover.id });
      store.mutate({ op: 'enroll', sectionId: to.id, userId: mover.id, role: 'student' });
      touchedSections.add(from.id).add(to.id);
    }
    const leaver = students[300]!;
    for (const section of store.list('sections')) if (section.studentIds.includes(leaver.id)) touchedSections.add(section.id);
    store.mutate({ op: 'delete', kind: 'users', id: leaver.id });

    scim.traffic.resetCounters();
    const result = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'incremental' });
    expect(result.status).toBe('completed');
    const [row] = await database.db.select().from(syncRuns).where(eq(syncRuns.id, result.runId));
    expect(row?.mode).toBe('incremental');

    const writes = await scimWrites(database.db, result.runId);
    expect(writes.every((entry) => entry.outcome === 'success')).toBe(true);
    expect(sourceIdsOf(writes, 'scim.user.update')).toEqual(renamed.map((user) => user.id).sort());
    expect(sourceIdsOf(writes, 'scim.user.deactivate')).toEqual([leaver.id]);
    expect(sourceIdsOf(writes, 'scim.group.members')).toEqual([...touchedSections].sort());
    expect(writes.filter((entry) => !['scim.user.update', 'scim.user.deactivate', 'scim.group.members'].includes(entry.action))).toEqual([]);
  });

  it('touches only the selected school in a selective sync and deprovisions nothing outside it', { timeout: 240_000 }, async () => {
    const [schoolA, schoolB] = store.list('schools');
    const inA = store.list('users').filter((user) => user.roles.includes('student') && user.schoolIds.length === 1 && user.schoolIds[0] === schoolA!.id);
    const inB = store.list('users').filter((user) => user.roles.includes('student') && user.schoolIds.length === 1 && user.schoolIds[0] === schoolB!.id);
    store.mutate({ op: 'update', kind: 'users', id: inA[0]!.id, patch: { name: { last: 'Selected' } } });
    store.mutate({ op: 'update', kind: 'users', id: inB[0]!.id, patch: { name: { last: 'Outside' } } });
    store.mutate({ op: 'delete', kind: 'users', id: inB[1]!.id });

    const result = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'selective', scope: { schoolIds: [schoolA!.id] } });
    expect(result.status).toBe('completed');
    const writes = await scimWrites(database.db, result.runId);
    expect(sourceIdsOf(writes, 'scim.user.update')).toEqual([inA[0]!.id]);
    expect(writes.filter((entry) => entry.action.endsWith('deactivate') || entry.action.endsWith('delete'))).toEqual([]);
    const sectionsOfA = new Set(
      store
        .list('sections')
        .filter((section) => section.schoolId === schoolA!.id)
        .map((section) => section.id),
    );
    for (const entry of writes.filter((write) => write.targetType === 'Group')) expect(sectionsOfA.has(String(entry.sourceId))).toBe(true);
  });

  if (kind === 'clever') {
    it('falls back to a full sync when the stored event cursor left the 30-day window, and says why', { timeout: 240_000 }, async () => {
      const someone = store.list('users').find((user) => user.roles.includes('teacher'))!;
      store.mutate({ op: 'update', kind: 'users', id: someone.id, patch: { name: { first: 'Fresh' } } });
      const incremental = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'incremental' });
      expect(incremental.status).toBe('completed');

      store.expireChanges(new Date(Date.now() + 31 * 24 * 3600 * 1000));
      const result = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'incremental' });
      expect(result.status).toBe('completed');
      expect(result.message).toMatch(/30-day events window: fell back to a full sync/);
      const [row] = await database.db.select().from(syncRuns).where(eq(syncRuns.id, result.runId));
      expect(row).toMatchObject({ mode: 'full', status: 'completed' });
      expect(row?.message).toMatch(/fell back to a full sync/);
    });
  }
});
