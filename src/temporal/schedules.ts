import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleOptions, type ScheduleUpdateOptions } from '@temporalio/client';
import { SIS_PROVIDER, SYNC_MODE, SYNC_TRIGGER, TENANT_ID } from './search-attributes.js';
import { SCHEDULED_SYNC_WORKFLOW, syncWorkflowId, type TenantSyncInput } from './sync-contract.js';

/**
 * Each enabled provider owns one Temporal Schedule that starts its periodic (incremental) sync.
 * Temporal is the single owner of schedule state (interval, paused, next runs): the API
 * writes it here and reads it back with describeSyncSchedule, never from its own tables.
 */

export interface SyncScheduleSpec {
  tenantId: string;
  providerId: string;
  providerKind: 'clever' | 'classlink';
  intervalSeconds: number;
  paused: boolean;
  taskQueue: string;
}

export interface SyncScheduleState {
  scheduleId: string;
  intervalSeconds: number | null;
  paused: boolean;
  nextRunTimes: Date[];
  lastRunAt: Date | null;
}

function syncScheduleId(tenantId: string, providerId: string): string {
  return `sync-schedule/${tenantId}/${providerId}`;
}

/** A missed run is still taken up to one interval late (capped at a day); SKIP drops overlaps. */
function catchupWindowMs(intervalSeconds: number): number {
  return Math.max(10, Math.min(intervalSeconds, 86_400)) * 1000;
}

function scheduleBody(spec: SyncScheduleSpec): ScheduleUpdateOptions {
  // Incremental by default; prepareRun promotes a run to full when the last full sync is older
  // than FULL_SYNC_INTERVAL (the nightly safety net) or no cursor exists yet.
  const input: TenantSyncInput = { tenantId: spec.tenantId, providerId: spec.providerId, mode: 'incremental', trigger: 'schedule' };
  return {
    spec: { intervals: [{ every: spec.intervalSeconds * 1000 }] },
    action: {
      type: 'startWorkflow',
      // scheduledSync runs the sync as a child under the fixed syncWorkflowId, so Temporal keeps
      // one sync per (tenant, provider) whoever started it (schedules append the fire time to this id).
      workflowType: SCHEDULED_SYNC_WORKFLOW,
      workflowId: `scheduled-${syncWorkflowId(spec.tenantId, spec.providerId)}`,
      taskQueue: spec.taskQueue,
      args: [input],
      typedSearchAttributes: [
        { key: TENANT_ID, value: spec.tenantId },
        { key: SIS_PROVIDER, value: spec.providerKind },
        { key: SYNC_MODE, value: 'incremental' },
        { key: SYNC_TRIGGER, value: 'schedule' },
      ],
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: catchupWindowMs(spec.intervalSeconds) },
    state: { paused: spec.paused, note: spec.paused ? 'provider disabled' : 'provider enabled' },
    typedSearchAttributes: [
      { key: TENANT_ID, value: spec.tenantId },
      { key: SIS_PROVIDER, value: spec.providerKind },
    ],
  };
}

async function createSyncSchedule(client: Client, spec: SyncScheduleSpec): Promise<void> {
  const options: ScheduleOptions = {
    ...scheduleBody(spec),
    scheduleId: syncScheduleId(spec.tenantId, spec.providerId),
    memo: { tenantId: spec.tenantId, providerId: spec.providerId, providerKind: spec.providerKind },
  };
  await client.schedule.create(options);
}

/** Replaces interval, action and paused state; recreates the schedule if it went missing. */
async function updateSyncSchedule(client: Client, spec: SyncScheduleSpec): Promise<void> {
  try {
    await client.schedule.getHandle(syncScheduleId(spec.tenantId, spec.providerId)).update(() => scheduleBody(spec));
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    await createSyncSchedule(client, spec);
  }
}

/** Deleting a missing schedule is not an error. */
async function deleteSyncSchedule(client: Client, tenantId: string, providerId: string): Promise<void> {
  try {
    await client.schedule.getHandle(syncScheduleId(tenantId, providerId)).delete();
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
}

/** The schedule as Temporal holds it; undefined when there is none. */
export async function describeSyncSchedule(client: Client, tenantId: string, providerId: string): Promise<SyncScheduleState | undefined> {
  const scheduleId = syncScheduleId(tenantId, providerId);
  try {
    const description = await client.schedule.getHandle(scheduleId).describe();
    const every = description.spec.intervals?.[0]?.every;
    const lastAction = description.info.recentActions.at(-1);
    return {
      scheduleId,
      intervalSeconds: every === undefined ? null : Math.round(every / 1000),
      paused: description.state.paused,
      nextRunTimes: description.info.nextActionTimes,
      lastRunAt: lastAction?.takenAt ?? null,
    };
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return undefined;
    throw error;
  }
}

/** The schedule operations a provider's administration needs, as one replaceable dependency. */
export interface SyncSchedules {
  create(spec: SyncScheduleSpec): Promise<void>;
  update(spec: SyncScheduleSpec): Promise<void>;
  delete(tenantId: string, providerId: string): Promise<void>;
  describe(tenantId: string, providerId: string): Promise<SyncScheduleState | undefined>;
}

export function temporalSyncSchedules(client: Client): SyncSchedules {
  return {
    create: (spec) => createSyncSchedule(client, spec),
    update: (spec) => updateSyncSchedule(client, spec),
    delete: (tenantId, providerId) => deleteSyncSchedule(client, tenantId, providerId),
    describe: (tenantId, providerId) => describeSyncSchedule(client, tenantId, providerId),
  };
}
