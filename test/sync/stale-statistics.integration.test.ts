import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/database.js';
import { plannedResources } from '../../src/db/queries/planned-changes.js';
import { pendingItemsQuery } from '../../src/sync/apply/load-batch.js';
import { finishPlan } from '../../src/sync/plan/plan-run.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

function scansOf(plan: PlanNode, relation: string): PlanNode[] {
  return nodesOf(plan).filter((node) => node['Relation Name'] === relation);
}

async function planOf(database: TestDatabase, statement: SQL): Promise<PlanNode> {
  const [row] = rowsOf<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> | string }>(await database.db.execute(sql`explain (format json) ${statement}`));
  const explained = row!['QUERY PLAN'];
  return (typeof explained === 'string' ? JSON.parse(explained) : explained)[0].Plan as PlanNode;
}

/**
 * A second district's first plan: its mirror rows and userName claims arrive after the
 * statistics were taken, which then say the provider owns none. The planner must still look
 * each user's applied resource and claim up by key; read for all of the provider at every user,
 * a 100k-student district spent 3–30 s on each part of 1,800 users.
 */
describe('planning a provider the statistics do not know yet', () => {
  let database: TestDatabase;
  const tenantId = `district-${randomUUID().slice(0, 8)}`;
  const known = randomUUID();
  const newcomer = randomUUID();
  const users = 3000;

  const loadProvider = async (providerId: string) => {
    await database.db.execute(sql`insert into roster_records (provider_id, kind, source_id, tenant_id, data, hash, desired_hash)
      select ${providerId}::uuid, 'users', 'user-' || lpad(n::text, 5, '0'), ${tenantId}, '{}'::jsonb, 'h', 'd' from generate_series(1, ${users}::int) n`);
    await database.db.execute(sql`insert into user_name_claims (tenant_id, user_name_key, user_name, provider_id, source_id)
      select ${tenantId}, ${providerId} || '-' || n, ${providerId} || '-' || n, ${providerId}::uuid, 'user-' || lpad(n::text, 5, '0') from generate_series(1, ${users}::int) n`);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    // The statistics stay what this test makes them.
    for (const table of ['roster_records', 'user_name_claims', 'scim_resources'])
      await database.db.execute(sql.raw(`alter table ${table} set (autovacuum_enabled = false)`));
    await loadProvider(known);
    await database.db
      .execute(sql`insert into scim_resources (provider_id, tenant_id, resource_type, source_id, scim_id, external_id, user_name, applied_hash, applied_document, active)
      select ${known}::uuid, ${tenantId}, 'User', 'user-' || lpad(n::text, 5, '0'), 'scim-' || n, 'user-' || n, ${known} || '-' || n, 'd', '{}'::jsonb, true
      from generate_series(1, ${users}::int) n`);
    await database.db.execute(sql`analyze roster_records, user_name_claims, scim_resources`);
    await loadProvider(newcomer);
    // What a full sync's planning refreshes (src/sync/planner-statistics.ts): the claims are not among it.
    await database.db.execute(sql`analyze roster_records`);
  }, 60_000);
  afterAll(() => database?.dispose());

  it('looks up each user’s applied resource and claim by its key', async () => {
    const statement = plannedResources(
      { runId: randomUUID(), providerId: newcomer, mode: 'full', scoped: false },
      { seqBase: 0, lowKey: 'user-00001', highKey: 'user-01800' },
      'users',
      'deactivate',
    );
    const plan = await planOf(database, statement);
    for (const relation of ['scim_resources', 'user_name_claims']) {
      const scans = scansOf(plan, relation);
      expect(scans.length, relation).toBeGreaterThan(0);
      for (const scan of scans) expect(scan['Index Cond'] ?? '', `${relation}: ${scan['Node Type']}`).toMatch(/source_id = m\.source_id/);
    }
  });
});

/**
 * A later run's apply: until its plan is laid out, the statistics of sync_plan_items hold only
 * earlier runs' items and expect one item of this run. Read through the primary key, every item
 * of the run was then filtered for each batch (0.2 s a batch at 100k); finishing the plan
 * refreshes them, so each batch is read by its own key.
 */
describe('applying a run the statistics did not know', () => {
  let database: TestDatabase;
  const providerId = randomUUID();
  const earlier = randomUUID();
  const later = randomUUID();

  const loadPlan = (runId: string, batch: SQL) =>
    database.db.execute(sql`insert into sync_plan_items (run_id, seq, batch, op, resource_type, source_id, status)
      select ${runId}::uuid, n, ${batch}, 'create', 'User', 'user-' || n, 'pending' from generate_series(0, 124999) n`);

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.execute(sql`alter table sync_plan_items set (autovacuum_enabled = false)`);
    await loadPlan(earlier, sql`n / 100`);
    await database.db.execute(sql`analyze sync_plan_items`);
    await loadPlan(later, sql`-1`);
    await finishPlan(database.db, { runId: later, providerId }, 100, { count: 1, percent: 100 });
  }, 60_000);
  afterAll(() => database?.dispose());

  it('reads a batch’s pending items by run, batch and status', async () => {
    const plan = await planOf(database, pendingItemsQuery(database.db, later, 42).getSQL());
    // An index scan, or the bitmap index scan under a bitmap heap scan: either way by batch.
    const indexReads = nodesOf(plan).filter((node) => node['Index Name'] !== undefined);
    expect(indexReads.length).toBeGreaterThan(0);
    for (const read of indexReads) expect(read['Index Cond'] ?? '', `${read['Node Type']} on ${read['Index Name']}`).toMatch(/batch = 42/);
    expect(nodesOf(plan).map((node) => node['Node Type'])).not.toContain('Seq Scan');
  });
});
