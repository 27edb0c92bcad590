import { Option, type Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import type { Page, ProviderSyncStatus, StartedSyncs, SyncRun, WorkflowRef } from '../api-types.js';
import { segment, type ContextOf } from '../cli-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { followSyncs } from '../follow-syncs.js';
import { collect, commaList, integerOption } from '../option-parsers.js';
import { table } from '../output.js';
import { countsLine } from '../sync-progress-bars.js';

interface StartOptions {
  provider?: string;
  mode: string;
  entities?: string[];
  school?: string[];
  role?: string[];
  grade?: string[];
  dryRun?: boolean;
  follow?: boolean;
  pollInterval: number;
}

const seconds = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);

function startBody(options: StartOptions) {
  const filters = {
    ...(options.school ? { schoolIds: options.school } : {}),
    ...(options.role ? { roles: options.role } : {}),
    ...(options.grade ? { grades: options.grade } : {}),
  };
  return {
    mode: options.mode,
    ...(options.provider ? { providerId: options.provider } : {}),
    ...(options.entities ? { entities: options.entities } : {}),
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
  };
}

function runSummary(run: SyncRun, label: string): string {
  return [
    `${label}: ${run.status}${run.dryRun ? ' (dry run)' : ''} in ${seconds(run.durationMs)} — ${run.mode} sync, run ${run.id}`,
    `  ${run.counts ? countsLine(run.counts) : 'no counts recorded'}${run.counts && run.counts.heldDeletions > 0 ? ` · held deletions ${run.counts.heldDeletions}` : ''}`,
    ...(run.message ? [`  ${run.message}`] : []),
    ...(run.uiUrl ? [`  Web UI: ${run.uiUrl}`] : []),
  ].join('\n');
}

/** Ctrl-C while following stops the polling only: the workflow is durable and keeps going. */
function interruptOnSigint(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  return { signal: controller.signal, release: () => process.removeListener('SIGINT', onSigint) };
}

export function registerSyncCommands(program: Command, contextOf: ContextOf): void {
  const sync = program.command('sync').description('start, follow, inspect and stop syncs');

  sync
    .command('start')
    .description('start a sync of every enabled provider of the tenant, or of one')
    .argument('<tenant>', 'tenant id')
    .option('--provider <id>', 'only this provider')
    .addOption(new Option('--mode <mode>', 'sync mode').choices(['full', 'incremental', 'selective']).default('full'))
    .option('--entities <list>', 'selective: comma-separated schools,users,sections,enrollments', commaList)
    .option('--school <id>', 'selective: a school id (repeatable)', collect)
    .option('--role <role>', 'selective: a role (repeatable)', collect)
    .option('--grade <grade>', 'selective: a grade (repeatable)', collect)
    .option('--dry-run', 'plan only; nothing is written to the SCIM target')
    .option('--follow', 'show live progress until the runs end, then their summary (exit 7 unless all completed)')
    .option('--poll-interval <ms>', 'how often --follow asks for progress', integerOption(100), 1000)
    .action(async (tenantId: string, options: StartOptions, command: Command) => {
      const { api, out } = contextOf(command);
      const started = await api.json<StartedSyncs>('POST', `/sync/${segment(tenantId)}/start`, { body: startBody(options) });
      if (!options.follow) {
        out.result(started, () =>
          [
            ...started.started.map((ref) => `started ${ref.workflowId}${ref.uiUrl ? `\n  Web UI: ${ref.uiUrl}` : ''}`),
            ...started.alreadyRunning.map((ref) => `already running: ${ref.workflowId}`),
          ].join('\n'),
        );
        return;
      }
      for (const ref of started.alreadyRunning) out.note(`already running, not followed: ${ref.workflowId}`);
      const labels = await providerLabels(api, tenantId, started.started);
      const interrupt = interruptOnSigint();
      let runs: SyncRun[];
      try {
        runs = await followSyncs(api, tenantId, started.started, { pollIntervalMs: options.pollInterval, labels, signal: interrupt.signal });
      } finally {
        interrupt.release();
      }
      out.result({ runs }, () => runs.map((run) => runSummary(run, labels.get(run.providerId) ?? run.providerId)).join('\n'));
      const incomplete = runs.filter((run) => run.status !== 'completed');
      if (incomplete.length > 0) throw new CliError(`${incomplete.length} of ${runs.length} runs did not complete`, EXIT.syncNotCompleted);
    });

  sync
    .command('status')
    .description('per provider: the live progress of a running sync, else the last run')
    .argument('<tenant>', 'tenant id')
    .action(async (tenantId: string, _options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      const status = await api.json<{ providers: ProviderSyncStatus[] }>('GET', `/sync/${segment(tenantId)}/status`);
      out.result(status, () =>
        table(
          ['PROVIDER', 'KIND', 'NAME', 'STATE', 'PHASE', 'COUNTS', 'WEB UI'],
          status.providers.map((entry) => {
            const progress = entry.running?.progress;
            if (entry.running)
              return [
                entry.providerId,
                entry.kind,
                entry.name,
                'running',
                progress?.phase ?? entry.running.progressError,
                progress ? countsLine(progress.counts) : null,
                entry.running.uiUrl,
              ];
            const last = entry.lastRun;
            return [
              entry.providerId,
              entry.kind,
              entry.name,
              last ? `last run ${last.status}` : 'never synced',
              null,
              last?.counts ? countsLine(last.counts) : null,
              last?.uiUrl,
            ];
          }),
        ),
      );
    });

  sync
    .command('history')
    .description('past runs, newest first')
    .argument('<tenant>', 'tenant id')
    .option('--provider <id>', 'only this provider')
    .addOption(new Option('--status <status>', 'only runs in this status').choices(['running', 'awaiting_approval', 'completed', 'failed', 'cancelled']))
    .option('--limit <n>', 'at most this many', integerOption(1))
    .option('--offset <n>', 'skip this many', integerOption(0))
    .action(async (tenantId: string, options: { provider?: string; status?: string; limit?: number; offset?: number }, command: Command) => {
      const { api, out } = contextOf(command);
      const history = await api.json<Page<SyncRun>>('GET', `/sync/${segment(tenantId)}/history`, {
        query: { providerId: options.provider, status: options.status, limit: options.limit, offset: options.offset },
      });
      out.result(history, () =>
        table(
          ['RUN', 'PROVIDER', 'MODE', 'TRIGGER', 'STATUS', 'STARTED', 'DURATION', 'CREATED', 'UPDATED', 'DEPROV', 'FAILED'],
          history.items.map((run) => [
            run.id,
            run.providerId,
            `${run.mode}${run.dryRun ? ' (dry)' : ''}`,
            run.trigger,
            run.status,
            run.startedAt,
            seconds(run.durationMs),
            run.counts?.created,
            run.counts?.updated,
            run.counts?.deprovisioned,
            run.counts?.failed,
          ]),
        ),
      );
    });

  sync
    .command('stop')
    .description('cancel running syncs of the tenant, or of one provider')
    .argument('<tenant>', 'tenant id')
    .option('--provider <id>', 'only this provider')
    .action(async (tenantId: string, options: { provider?: string }, command: Command) => {
      const { api, out } = contextOf(command);
      const result = await api.json<{ cancelled: WorkflowRef[] }>('POST', `/sync/${segment(tenantId)}/stop`, {
        body: options.provider ? { providerId: options.provider } : {},
      });
      out.result(result, () => result.cancelled.map((ref) => `cancellation requested: ${ref.workflowId}`).join('\n'));
    });
}

/** "clever Springfield SIS" per provider id, for the bars and the summary. */
async function providerLabels(api: ApiClient, tenantId: string, refs: WorkflowRef[]): Promise<Map<string, string>> {
  const { providers } = await api.json<{ providers: ProviderSyncStatus[] }>('GET', `/sync/${segment(tenantId)}/status`);
  return new Map(
    refs.map((ref) => {
      const provider = providers.find((entry) => entry.providerId === ref.providerId);
      return [ref.providerId, provider ? `${provider.kind} "${provider.name}"` : ref.providerId];
    }),
  );
}
