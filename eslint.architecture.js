// @ts-check
/**
 * The rooms of the house (folders) and who may enter each one, checked by
 * eslint-plugin-boundaries. docs/ARCHITECTURE.md explains the same table in prose; change both
 * together. Imports flow one way:
 *   entry points → api / worker → activities → sync / seats / providers / scim / db / secrets → domain
 * A room always reaches its own files and third-party packages; the table lists only which other
 * rooms it may import from. Earlier patterns win, so single files come before their folder.
 */

/** @type {Array<{ type: string, pattern: string, mode: 'full' }>} */
export const architectureRooms = [
  // Entry points and tooling: they compose everything and may import any room.
  { type: 'entry', pattern: 'src/main/**', mode: 'full' },
  { type: 'entry', pattern: 'bin/**', mode: 'full' },
  { type: 'tooling', pattern: 'scripts/**', mode: 'full' },
  { type: 'tooling', pattern: 'sim/**', mode: 'full' },
  { type: 'tooling', pattern: 'bench/**', mode: 'full' },
  { type: 'test', pattern: 'test/**', mode: 'full' },
  { type: 'test', pattern: '*.config.ts', mode: 'full' },
  // Temporal adapters: the worker, the client side (starts, queries, schedules), the contracts
  // workflows share with their callers, and the local dev server.
  { type: 'worker', pattern: 'src/temporal/worker.ts', mode: 'full' },
  { type: 'temporal-client', pattern: 'src/temporal/{api-client,client,schedules}.ts', mode: 'full' },
  { type: 'temporal-contract', pattern: 'src/temporal/{sync-contract,provider-events-contract,search-attributes}.ts', mode: 'full' },
  { type: 'temporal-dev', pattern: 'src/temporal/{dev-server,dev-server-config,cli-path}.ts', mode: 'full' },
  { type: 'config', pattern: 'src/config.ts', mode: 'full' },
  { type: 'api', pattern: 'src/api/**', mode: 'full' },
  { type: 'cli', pattern: 'src/cli/**', mode: 'full' },
  { type: 'admin', pattern: 'src/admin/**', mode: 'full' },
  { type: 'workflows', pattern: 'workflows/**', mode: 'full' },
  { type: 'activities', pattern: 'activities/**', mode: 'full' },
  { type: 'sync', pattern: 'src/sync/**', mode: 'full' },
  { type: 'seats', pattern: 'src/seats/**', mode: 'full' },
  { type: 'notifications', pattern: 'src/notifications/**', mode: 'full' },
  { type: 'tenant-service', pattern: 'src/tenant-service/**', mode: 'full' },
  { type: 'providers', pattern: 'src/providers/**', mode: 'full' },
  { type: 'scim', pattern: 'src/scim/**', mode: 'full' },
  { type: 'db', pattern: 'src/db/**', mode: 'full' },
  { type: 'secrets', pattern: 'src/secrets/**', mode: 'full' },
  { type: 'metrics', pattern: 'src/metrics/**', mode: 'full' },
  { type: 'telemetry', pattern: 'src/telemetry/**', mode: 'full' },
  { type: 'logging', pattern: 'src/logging/**', mode: 'full' },
  { type: 'domain', pattern: 'src/domain/**', mode: 'full' },
];

/** Files that are not part of any room (the lint configuration itself). */
export const architectureRoomsExempt = ['eslint.config.js', 'eslint.architecture.js', '.dependency-cruiser.cjs'];

/** Which other rooms each room may import from. */
const mayEnter = {
  entry: ['*'],
  tooling: ['*'],
  test: ['*'],
  api: ['admin', 'temporal-client', 'providers', 'notifications', 'db', 'secrets', 'metrics', 'telemetry', 'logging', 'config', 'domain'],
  cli: ['config', 'domain'],
  admin: ['temporal-client', 'providers', 'scim', 'notifications', 'db', 'secrets', 'logging', 'domain'],
  worker: ['metrics', 'telemetry', 'logging', 'domain'],
  'temporal-client': ['temporal-contract', 'domain'],
  'temporal-contract': ['domain'],
  'temporal-dev': ['domain'],
  workflows: ['activities', 'temporal-contract', 'domain'],
  activities: ['sync', 'seats', 'notifications', 'tenant-service', 'providers', 'scim', 'db', 'secrets', 'metrics', 'logging', 'temporal-contract', 'domain'],
  sync: ['providers', 'scim', 'db', 'secrets', 'logging', 'domain'],
  seats: ['sync', 'tenant-service', 'scim', 'db', 'config', 'logging', 'domain'],
  notifications: ['db', 'logging', 'domain'],
  'tenant-service': ['domain'],
  providers: ['domain'],
  scim: ['domain'],
  db: ['domain'],
  secrets: ['db', 'config', 'domain'],
  metrics: ['db', 'logging', 'domain'],
  telemetry: ['domain'],
  logging: [],
  config: ['domain'],
  domain: [],
};

/** @type {any[]} */
export const architecturePolicies = [
  // Every room reaches installed packages and Node's own modules.
  { allow: { to: { module: { origin: ['external', 'core'] } } } },
  ...Object.entries(mayEnter).map(([room, others]) => ({
    from: { element: { type: room } },
    allow: { to: { element: { type: [room, ...others] } } },
  })),
];
