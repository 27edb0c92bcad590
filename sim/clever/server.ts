import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { generateDistrict } from '../district/generator.js';
import type { DistrictStore } from '../district/model.js';
import { createDistrictStore } from '../district/store.js';
import { createCleverApp } from './app.js';
import type { FaultInjector, FaultSettings } from './faults.js';
import type { RateLimitSettings } from './rate-limit.js';

/** Serve an existing district store, or generate one deterministically from `{ seed, students }`. */
type CleverDistrictSource = { store: DistrictStore } | { seed: number; students: number; today?: Date };

export type CleverSimulatorOptions = CleverDistrictSource & {
  /** Default `clever-sim-district-token`. */
  token?: string;
  /** Default 0: a free port. */
  port?: number;
  rateLimit?: Partial<RateLimitSettings>;
  faults?: Partial<FaultSettings>;
  clock?: () => Date;
};

export interface CleverSimulator {
  /** Origin, e.g. `http://127.0.0.1:53211`; the API lives under `/v3.0`, controls under `/control`. */
  baseUrl: string;
  token: string;
  store: DistrictStore;
  faults: FaultInjector;
  close(): Promise<void>;
}

const DEFAULT_SIM_TOKEN = 'clever-sim-district-token';

export async function startCleverSimulator(options: CleverSimulatorOptions): Promise<CleverSimulator> {
  const token = options.token ?? DEFAULT_SIM_TOKEN;
  const store =
    'store' in options
      ? options.store
      : createDistrictStore(generateDistrict({ seed: options.seed, students: options.students, ...(options.today && { today: options.today }) }));
  const { app, faults } = createCleverApp({ store, token, ...pick(options) });
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 }, (info: AddressInfo) => resolve({ server, port: info.port }));
    server.once('error', reject);
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    token,
    store,
    faults,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets would hold close() open until they time out.
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function pick(options: CleverSimulatorOptions) {
  return {
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  };
}
