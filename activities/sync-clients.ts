import type { MappingSettings } from '../src/domain/mapping-settings.js';
import { meteredScimTransport, meteredSisFetch } from '../src/metrics/metered-fetch.js';
import { createSisClient } from '../src/providers/index.js';
import type { SisClient } from '../src/providers/types.js';
import { connectScimClient, pooledTransport, type ScimClient } from '../src/scim/index.js';
import type { MappingLookups } from '../src/domain/desired-documents.js';
import { loadMirrorKind } from '../src/db/queries/roster-records.js';
import { loadScimTarget, loadSisConnection } from '../src/sync/sync-target.js';
import { RunScopedCache } from './client-cache.js';
import type { SyncActivityDeps } from './sync-deps.js';

export interface RunRef {
  runId: string;
  tenantId: string;
  providerId: string;
}

/** SIS and SCIM clients of a run, built inside activities from stored credentials. */
export function createSyncClients(deps: SyncActivityDeps) {
  const sisClients = new RunScopedCache<SisClient>();
  const scimClients = new RunScopedCache<ScimClient>();
  const applyLookups = new RunScopedCache<MappingLookups>();
  return {
    sis(run: RunRef): Promise<SisClient> {
      return sisClients.get(run.runId, async () => {
        const connection = await loadSisConnection(deps.db, deps.secrets, run.tenantId, run.providerId, deps.sync.sisPageSize);
        return createSisClient(connection, { fetch: meteredSisFetch(connection.kind) });
      });
    },
    scim(run: RunRef): Promise<ScimClient> {
      return scimClients.get(run.runId, async () => {
        const target = await loadScimTarget(deps.db, deps.secrets, run.tenantId, deps.sync.scimDefaults);
        return connectScimClient({
          baseUrl: target.baseUrl,
          token: target.token,
          dialect: target.dialect,
          concurrency: deps.sync.scimConcurrency,
          transport: meteredScimTransport(pooledTransport),
        });
      });
    },
    /** Everything the mapping needs for this run: settings, names of schools/courses/terms, target traits. */
    async lookups(run: RunRef, settings: MappingSettings): Promise<MappingLookups> {
      const scim = await this.scim(run);
      return {
        providerId: run.providerId,
        settings,
        schools: await loadMirrorKind(deps.db, run.providerId, 'schools'),
        courses: await loadMirrorKind(deps.db, run.providerId, 'courses'),
        terms: await loadMirrorKind(deps.db, run.providerId, 'terms'),
        requireEmail: scim.dialect.requireEmailUnlessUserNameIsEmail,
        enterprise: scim.dialect.enterpriseExtension,
      };
    },
    /**
     * The lookups of a run's apply phase, read once per run on this worker: a run's mirror no
     * longer changes once it applies, and reading every school, course and term again for each
     * batch of 100 writes was a large share of the apply's database CPU.
     */
    lookupsForApply(run: RunRef, settings: () => Promise<MappingSettings>): Promise<MappingLookups> {
      return applyLookups.get(run.runId, async () => this.lookups(run, await settings()));
    },
    forget(runId: string): void {
      sisClients.forget(runId);
      scimClients.forget(runId);
      applyLookups.forget(runId);
    },
  };
}
