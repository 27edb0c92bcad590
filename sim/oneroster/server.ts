import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { generateDistrict } from '../district/generator.js';
import type { DistrictStore } from '../district/model.js';
import { createDistrictStore } from '../district/store.js';
import { createOneRosterApp } from './app.js';
import { FaultInjector, type FaultSettings } from './faults.js';
import { createOAuth1Verifier } from './oauth1-verifier.js';
import { ONEROSTER_BASE_PATH } from './rostering-routes.js';

/** The district to serve: a store, or generator options for a fresh synthetic one. */
type OneRosterDistrictSource = { store: DistrictStore } | { seed: number; students: number; today?: Date };

export type OneRosterSimulatorOptions = OneRosterDistrictSource & {
  /** Defaults: random key and secret per start. */
  consumerKey?: string;
  consumerSecret?: string;
  /** Further accepted key/secret pairs (e.g. a second tenant). */
  extraCredentials?: readonly { consumerKey: string; consumerSecret: string }[];
  /** OAuth timestamp window, seconds either way (default 300). */
  timestampSkewSeconds?: number;
  /** Clock for OAuth timestamp checks (ms since epoch). */
  now?: () => number;
  faults?: Partial<FaultSettings>;
  /** 0 (default) picks a free port; always bound to 127.0.0.1. */
  port?: number;
};

export interface OneRosterSimulator {
  /** e.g. http://127.0.0.1:41234/ims/oneroster/v1p1 */
  baseUrl: string;
  /** e.g. http://127.0.0.1:41234 (control endpoints live under `${origin}/control`). */
  origin: string;
  consumerKey: string;
  consumerSecret: string;
  store: DistrictStore;
  faults: FaultInjector;
  close(): Promise<void>;
}

export async function startOneRosterSimulator(options: OneRosterSimulatorOptions): Promise<OneRosterSimulator> {
  const consumerKey = options.consumerKey ?? randomBytes(12).toString('hex');
  const consumerSecret = options.consumerSecret ?? randomBytes(24).toString('base64url');
  const credentials = new Map([[consumerKey, consumerSecret]]);
  for (const extra of options.extraCredentials ?? []) credentials.set(extra.consumerKey, extra.consumerSecret);

  const store =
    'store' in options
      ? options.store
      : createDistrictStore(generateDistrict({ seed: options.seed, students: options.students, ...(options.today && { today: options.today }) }));
  const faults = new FaultInjector(options.faults);
  const verify = createOAuth1Verifier({
    credentials,
    ...(options.timestampSkewSeconds !== undefined && { timestampSkewSeconds: options.timestampSkewSeconds }),
    ...(options.now && { now: options.now }),
  });
  let origin = '';
  const app = createOneRosterApp({ store, verify, faults, origin: () => origin });

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    baseUrl: `${origin}${ONEROSTER_BASE_PATH}`,
    origin,
    consumerKey,
    consumerSecret,
    store,
    faults,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
