import { join } from 'node:path';
import { decodeKey, type Config } from '../config.js';
import type { Database } from '../db/database.js';
import { loadOrCreateKeyFile } from './embedded-key.js';
import { EmbeddedSecretStore } from './embedded-store.js';
import type { SecretStore } from './secret-store.js';
import { VaultSecretStore } from './vault-store.js';

/** Vault when VAULT_URL is set; otherwise the encrypted store in the bridge's database. */
export function createSecretStore(config: Config, db: Database): SecretStore {
  if (config.VAULT_URL && config.VAULT_TOKEN) {
    return new VaultSecretStore({ url: config.VAULT_URL, token: config.VAULT_TOKEN, mount: config.VAULT_KV_MOUNT });
  }
  const key = config.SECRETS_KEY ? decodeKey(config.SECRETS_KEY) : loadOrCreateKeyFile(join(config.DATA_DIR, 'secrets.key'));
  if (!key) throw new Error('SECRETS_KEY must be 32 bytes');
  return new EmbeddedSecretStore(db, key);
}
