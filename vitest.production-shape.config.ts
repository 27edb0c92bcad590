import { defineConfig } from 'vitest/config';

/**
 * The production-shape suite (`npm run test:production-shape`, a pass of its own in .ci/run):
 * it runs the build in dist/ as separate processes and starts every service it needs itself
 * (no global setup), so it runs once, after `npm run build`, with the machine's Postgres up.
 */
export default defineConfig({
  test: {
    include: ['test/production-shape/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    testTimeout: 900_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
