import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/temporal/cli-path.js';

const eslint = new ESLint({ cwd: projectRoot });

/** Lints `code` as if it were the file at `path` and returns the boundary and configuration findings. */
async function roomFindings(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(projectRoot, path) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'boundaries/dependencies' || message.ruleId === 'no-restricted-properties')
    .map((message) => `${message.ruleId}: ${message.message}`);
}

describe('lint keeps imports flowing one way', () => {
  it('domain imports nothing of ours', async () => {
    const findings = await roomFindings('src/domain/probe.ts', "import type { Database } from '../db/database.js';\nexport type X = Database;\n");
    expect(findings).toEqual([expect.stringContaining('from elements of type "domain" to elements of type "db"')]);
  });

  it('db does not reach up into sync or the API', async () => {
    const findings = await roomFindings(
      'src/db/queries/probe.ts',
      "import type { SyncTarget } from '../../sync/sync-target.js';\nimport type { AppEnv } from '../../api/app-env.js';\nexport type X = [SyncTarget, AppEnv];\n",
    );
    expect(findings).toHaveLength(2);
  });

  it('providers and scim do not touch the database or the API', async () => {
    const provider = await roomFindings('src/providers/probe.ts', "import { recordAudit } from '../db/queries/audit-log.js';\nexport const x = recordAudit;\n");
    const scim = await roomFindings('src/scim/probe.ts', "import type { AppEnv } from '../api/app-env.js';\nexport type X = AppEnv;\n");
    expect([...provider, ...scim]).toHaveLength(2);
  });

  it('the API does not call activities or the sync engine', async () => {
    const findings = await roomFindings(
      'src/api/routes/probe.ts',
      "import { createActivities } from '../../../activities/index.js';\nimport { beginPlan } from '../../sync/plan/plan-run.js';\nexport const x = [createActivities, beginPlan];\n",
    );
    expect(findings).toHaveLength(2);
  });

  it('lets each room use what lies below it', async () => {
    const findings = await roomFindings(
      'activities/probe.ts',
      "import { beginPlan } from '../src/sync/plan/plan-run.js';\nimport type { RosterKind } from '../src/domain/roster.js';\nexport const x = beginPlan;\nexport type K = RosterKind;\n",
    );
    expect(findings).toEqual([]);
  });

  it('reads process.env only in src/config.ts', async () => {
    expect(await roomFindings('src/sync/probe.ts', 'export const level = process.env.LOG_LEVEL;\n')).toHaveLength(1);
    expect(await roomFindings('src/config.ts', 'export const level = process.env.LOG_LEVEL;\n')).toEqual([]);
  });
});
