import type { Database } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import type { SecretStore } from '../secrets/secret-store.js';

/** What every handler can reach, set once per request by createApp. */
export interface ApiDeps {
  db: Database;
  secrets: SecretStore;
  logger: Logger;
  /** Named dependency checks for /readyz; each rejects when its dependency is down. */
  readiness: Record<string, () => Promise<void>>;
}

export interface AppEnv {
  Variables: { deps: ApiDeps };
}
