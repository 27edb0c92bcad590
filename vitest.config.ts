import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Runs from the build, once, in a pass of its own (vitest.production-shape.config.ts).
    exclude: [...configDefaults.exclude, 'test/production-shape/**'],
    globalSetup: ['test/setup/global-setup.ts'],
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites share one Temporal dev server and one OpenBao; each suite gets its own database schema.
    pool: 'forks',
    maxWorkers: 2,
    coverage: {
      provider: 'v8',
      include: ['src/**', 'activities/**', 'workflows/**', 'sim/**'],
      reporter: ['text-summary', 'html'],
    },
  },
});
