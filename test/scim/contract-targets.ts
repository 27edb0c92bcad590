import { startBetterAuthScimServer } from '../../sim/scim/better-auth-server.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { startSinkServer } from '../../sim/scim/sink-server.js';
import type { TrafficControl } from '../../sim/scim/traffic-control.js';
import { connectScimClient, type ScimClient, type ScimDialect } from '../../src/scim/index.js';
import type { ScimClientOptions } from '../../src/scim/scim-client.js';

/**
 * The real SCIM servers the contract suite runs against, with what the client is expected to
 * DISCOVER on each. The expectations are facts about the installed packages, not settings.
 */
export interface ContractTarget {
  name: string;
  start(): Promise<RunningTarget>;
  expected: {
    bulk: boolean;
    groups: boolean;
    enterpriseUser: boolean;
    escapedFilterValues: boolean;
    maxResults: number;
  };
  /** Settings a tenant would store for this target (what discovery cannot see). */
  dialect: Partial<ScimDialect>;
}

export interface RunningTarget {
  baseUrl: string;
  token: string;
  traffic: TrafficControl;
  close(): Promise<void>;
}

export const BULK_MAX_OPERATIONS = 25;

export const CONTRACT_TARGETS: ContractTarget[] = [
  {
    name: 'better-auth @better-auth/scim',
    start: () => startBetterAuthScimServer(),
    expected: { bulk: false, groups: true, enterpriseUser: true, escapedFilterValues: true, maxResults: 100 },
    dialect: { requireEmailUnlessUserNameIsEmail: true, maxGroupMembers: 1000 },
  },
  {
    name: 'scimmy + scimmy-routers',
    start: () => startScimmyServer({ bulkMaxOperations: BULK_MAX_OPERATIONS, maxResults: 200 }),
    expected: { bulk: true, groups: true, enterpriseUser: true, escapedFilterValues: false, maxResults: 200 },
    dialect: {},
  },
  {
    name: 'bench sink (sim/scim/sink-server.ts)',
    start: () => startSinkServer({ bulk: true, bulkMaxOperations: BULK_MAX_OPERATIONS, maxResults: 200 }),
    expected: { bulk: true, groups: true, enterpriseUser: true, escapedFilterValues: true, maxResults: 200 },
    dialect: {},
  },
];

/** A sleep that records what the client asked for and returns at once (no wall-clock waits). */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
}

export function connect(target: RunningTarget, dialect: Partial<ScimDialect>, extra: Partial<ScimClientOptions> = {}): Promise<ScimClient> {
  return connectScimClient({ baseUrl: target.baseUrl, token: target.token, dialect, ...extra });
}

let sequence = 0;
/** A tag unique within the run, so tests on one server never collide on userName/email. */
export function uniqueTag(prefix: string): string {
  sequence += 1;
  return `${prefix}${Date.now().toString(36)}${sequence}`;
}
