import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/temporal/cli-path.js';

const run = promisify(execFile);
const depcruise = join(projectRoot, 'node_modules', '.bin', 'depcruise');
const cruiseConfig = join(projectRoot, '.dependency-cruiser.cjs');

interface CruiseViolation {
  rule: { name: string };
  from: string;
  cycle?: Array<{ name: string }>;
}

/** Runs the project's cycle check the way `npm run check:cycles` does and returns its violations. */
async function cycleViolations(cwd: string, roots: string[]): Promise<CruiseViolation[]> {
  // depcruise exits non-zero when it finds violations; the JSON report is on stdout either way.
  const { stdout } = await run(depcruise, ['--config', cruiseConfig, '--output-type', 'json', ...roots], { cwd, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  const report = JSON.parse(stdout) as { summary: { violations: CruiseViolation[] } };
  return report.summary.violations.filter((violation) => violation.rule.name === 'no-circular');
}

describe('import cycles', () => {
  it('no module of the project imports itself back, types included', async () => {
    const violations = await cycleViolations(projectRoot, ['src', 'activities', 'workflows', 'bin', 'scripts', 'sim', 'bench', 'test']);
    const cycles = violations.map((violation) => [violation.from, ...(violation.cycle ?? []).map((step) => step.name)].join(' → '));
    expect(cycles).toEqual([]);
  });

  describe('the check itself', () => {
    let fixture: string;
    beforeAll(async () => {
      fixture = await mkdtemp(join(tmpdir(), 'sis-bridge-cycle-'));
      await writeFile(join(fixture, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
      await writeFile(join(fixture, 'plan.ts'), "import type { Run } from './run';\nexport interface Plan { run: Run }\n");
      await writeFile(join(fixture, 'run.ts'), "import type { Plan } from './plan';\nexport interface Run { plan: Plan }\n");
    });
    afterAll(async () => {
      await rm(fixture, { recursive: true, force: true });
    });

    it('reports a cycle made of type-only imports', async () => {
      const violations = await cycleViolations(fixture, ['.']);
      const modulesInCycles = new Set(violations.flatMap((violation) => [violation.from, ...(violation.cycle ?? []).map((step) => step.name)]));
      expect([...modulesInCycles].sort()).toEqual(['plan.ts', 'run.ts']);
    });
  });
});
