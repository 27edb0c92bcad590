import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProductionShape } from '../../scripts/production-shape/run-production-shape.js';
import { projectRoot } from '../../src/temporal/cli-path.js';

const STUDENTS = 1000;
const SEED = 15;
const POSTGRES_ADMIN_URL = process.env.PRODUCTION_SHAPE_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Every JavaScript file under a folder of dist/. */
function compiledFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the production shape, from the build', () => {
  it('imports only production dependencies from the compiled code (the image installs no others)', () => {
    const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const imported = new Set<string>();
    for (const folder of ['src', 'activities', 'workflows']) {
      for (const file of compiledFiles(join(projectRoot, 'dist', folder))) {
        for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/\bfrom '([^.'][^']*)'|\bimport\('([^.'][^']*)'\)/g)) {
          if (!specifier || specifier.startsWith('node:')) continue;
          imported.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
        }
      }
    }
    expect(imported.size).toBeGreaterThan(10);
    for (const name of imported) expect(Object.keys(manifest.dependencies), name).toContain(name);
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
  });

  it('survives a SIGKILLed worker mid-run: API and two workers from dist/, OpenBao sealed at start, Postgres, a persistent Temporal; the target ends equal to the SIS', async () => {
    const report = await runProductionShape({
      students: STUDENTS,
      seed: SEED,
      postgresAdminUrl: POSTGRES_ADMIN_URL,
      log: (line) => console.log(`production-shape: ${line}`),
    });

    expect(report.healthchecks.api).toMatchObject({ healthy: true });
    expect(report.healthchecks.worker).toMatchObject({ healthy: true });
    expect(report.killed.activityInFlight, 'the killed worker was running an activity of the sync').not.toBeNull();
    expect(report.run.status).toBe('completed');
    expect(report.target.problems).toEqual([]);
    expect(report.sis.users).toBeGreaterThan(STUDENTS);
    expect(report.target).toMatchObject({ exact: true, ...report.sis });
    // The target read back over SCIM is the truth; the run's own counts are checked only for failures.
    expect(report.run.counts).toMatchObject({ failed: 0 });
  });
});
