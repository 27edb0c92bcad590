import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { resolveToolBinary } from '../../src/temporal/cli-path.js';
import { startDevServer } from '../../src/temporal/dev-server.js';
import { settledLeftovers, type TemporalLeftovers } from '../support/temporal-leftovers.js';
import { startOpenBao } from './openbao.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    temporalUiUrl: string;
    vaultUrl: string;
    vaultToken: string;
    /** Postgres URL of an admin connection (per-suite databases are created from it); '' = PGlite. */
    testDatabaseUrl: string;
    /** Pre-built workflow bundle so suites don't each spend seconds bundling. */
    workflowBundlePath: string;
  }
}

/** The production workflows plus the test-only ones (test/support/test-workflows.ts). */
const testWorkflowsPath = fileURLToPath(new URL('../support/test-workflows.ts', import.meta.url));

/**
 * Starts the real services the suites talk to, once per run: the Temporal dev server (from
 * temporal-dev.yaml, on free ports with an in-memory store) and an OpenBao dev server. Postgres
 * is the machine's (TEST_DATABASE_URL) or, without it, each suite uses embedded PGlite.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const temporal = await startDevServer({
    cliPath: resolveToolBinary('temporal', process.env.TEMPORAL_CLI, process.env.PATH),
    overrides: { port: 0, uiPort: 0, dbFilename: null, logLevel: 'error' },
  });
  const bao = await startOpenBao(resolveToolBinary('bao', process.env.BAO_CLI, process.env.PATH));
  const bundleDir = mkdtempSync(join(tmpdir(), 'sis-bridge-bundle-'));
  const bundle = await bundleWorkflowCode({
    workflowsPath: testWorkflowsPath,
    logger: { log: () => {}, info: () => {}, warn: () => {}, error: console.error, debug: () => {}, trace: () => {} },
  });
  const workflowBundlePath = join(bundleDir, 'workflows.js');
  writeFileSync(workflowBundlePath, bundle.code);

  project.provide('temporalAddress', temporal.address);
  project.provide('temporalNamespace', temporal.namespace);
  project.provide('temporalUiUrl', temporal.uiUrl);
  project.provide('vaultUrl', bao.url);
  project.provide('vaultToken', bao.token);
  project.provide('testDatabaseUrl', process.env.TEST_DATABASE_URL ?? '');
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    let leftovers: TemporalLeftovers | undefined;
    try {
      leftovers = await leftoversOn(temporal.address, temporal.namespace);
    } finally {
      await Promise.allSettled([temporal.stop(), bao.stop()]);
      rmSync(bundleDir, { recursive: true, force: true });
    }
    // Every suite removes what it started; anything still here would leak into the suites after it.
    if (leftovers.workflows.length > 0 || leftovers.schedules.length > 0) {
      const lines = [
        ...leftovers.workflows.map((workflow) => `  open workflow ${workflow.workflowId} (run ${workflow.runId}, task queue ${workflow.taskQueue})`),
        ...leftovers.schedules.map((scheduleId) => `  schedule ${scheduleId}`),
      ];
      // Vitest only logs an error thrown here, so the exit code carries the failure.
      console.error(`FAIL: suites left work on the shared Temporal server:\n${lines.join('\n')}`);
      process.exitCode = 1;
    }
  };
}

async function leftoversOn(address: string, namespace: string): Promise<TemporalLeftovers> {
  const connection = await Connection.connect({ address });
  try {
    return await settledLeftovers(new Client({ connection, namespace }));
  } finally {
    await connection.close();
  }
}
