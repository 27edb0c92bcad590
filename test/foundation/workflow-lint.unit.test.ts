import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/temporal/cli-path.js';

const eslint = new ESLint({ cwd: projectRoot });

async function workflowLintMessages(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(projectRoot, 'workflows', 'lint-probe.ts') });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('lint rules for workflow code', () => {
  it('rejects Node builtins and I/O libraries', async () => {
    const messages = await workflowLintMessages(
      "import { readFileSync } from 'node:fs';\nimport postgres from 'postgres';\nexport const x = [readFileSync, postgres];\n",
    );
    expect(messages.filter((m) => m.startsWith('no-restricted-imports'))).toHaveLength(2);
  });

  it('rejects value imports of activities but allows type imports', async () => {
    const bad = await workflowLintMessages("import { createActivities } from '../activities/index.js';\nexport const x = createActivities;\n");
    expect(bad.some((m) => m.includes('types only'))).toBe(true);
    const good = await workflowLintMessages("import type { createActivities } from '../activities/index.js';\nexport type X = typeof createActivities;\n");
    expect(good.filter((m) => m.startsWith('no-restricted-imports'))).toEqual([]);
  });

  it('rejects timers and process in workflow code', async () => {
    const messages = await workflowLintMessages('export const wait = () => setTimeout(() => process.exit(0), 1);\n');
    expect(messages.filter((m) => m.startsWith('no-restricted-globals'))).toHaveLength(2);
  });
});
