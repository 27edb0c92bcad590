// Merges the JSON reports of CI's test passes into one report at .vitest-report.json and prints
// one line per pass plus the plain total line `Tests: N passed, M failed` last.
// Why: CI runs vitest three times (PGlite, Postgres, the production shape) and each run writes
// the same .vitest-report.json; a reader of the CI run (person or tool) looks for one report and
// one total line at the end, not for three renamed files.
// Usage: node scripts/merge-vitest-reports.mjs <label>=<report.json> ...
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const counters = [
  'numTotalTests',
  'numPassedTests',
  'numFailedTests',
  'numPendingTests',
  'numTodoTests',
  'numTotalTestSuites',
  'numPassedTestSuites',
  'numFailedTestSuites',
  'numPendingTestSuites',
];

const merged = { success: true, testResults: [] };
for (const counter of counters) merged[counter] = 0;

for (const argument of process.argv.slice(2)) {
  const [label, path] = argument.split('=');
  if (!existsSync(path)) {
    console.log(`Tests (${label}): no report — the pass did not finish`);
    merged.success = false;
    continue;
  }
  const report = JSON.parse(readFileSync(path, 'utf8'));
  console.log(`Tests (${label}): ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  for (const counter of counters) merged[counter] += report[counter] ?? 0;
  merged.success &&= report.success !== false && report.numFailedTests === 0;
  merged.testResults.push(...(report.testResults ?? []));
  merged.startTime ??= report.startTime;
}

writeFileSync('.vitest-report.json', JSON.stringify(merged));
console.log(`Tests: ${merged.numPassedTests} passed, ${merged.numFailedTests} failed`);
