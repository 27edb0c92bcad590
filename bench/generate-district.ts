/**
 * Streams a synthetic district and prints records per kind, wall time and peak RSS — the
 * evidence that the generator's memory stays flat as the district grows.
 *   npx tsx bench/generate-district.ts --students 1000000 [--seed 7] [--per-school 500]
 */
import { parseArgs } from 'node:util';
import { streamDistrict } from '../sim/district/generator.js';
import type { SimKind } from '../sim/district/model.js';

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    'per-school': { type: 'string' },
  },
});

const students = Number(values.students);
const seed = Number(values.seed);
const perSchool = values['per-school'] === undefined ? undefined : Number(values['per-school']);

const counts: Record<SimKind, number> = { schools: 0, terms: 0, courses: 0, users: 0, sections: 0 };
let memberships = 0;
let peakRss = process.memoryUsage().rss;
const started = performance.now();
for (const item of streamDistrict({ seed, students, today: new Date(), ...(perSchool === undefined ? {} : { studentsPerSchool: perSchool }) })) {
  counts[item.kind] += 1;
  if (item.kind === 'sections') memberships += item.record.teacherIds.length + item.record.studentIds.length;
  // Sampling every 4096 records keeps the probe's own cost negligible.
  if ((counts.users + counts.sections) % 4096 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const seconds = (performance.now() - started) / 1000;
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
console.log(`district: seed ${seed}, ${students.toLocaleString('en-US')} students`);
for (const [kind, count] of Object.entries(counts)) console.log(`  ${kind.padEnd(12)} ${count.toLocaleString('en-US')}`);
console.log(`  ${'memberships'.padEnd(12)} ${memberships.toLocaleString('en-US')} (teacher + student places in sections = enrollments)`);
console.log(`wall time: ${seconds.toFixed(1)} s`);
console.log(`peak RSS (sampled): ${mib(peakRss)}; process maxRSS: ${mib(process.resourceUsage().maxRSS * 1024)}`);
