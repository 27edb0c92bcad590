import nodeVault from 'node-vault';
import { assertSecretPath, type SecretStore, type SecretValue } from './secret-store.js';

export interface VaultStoreOptions {
  url: string;
  token: string;
  /** KV v2 mount point, `secret` by default (as on a Vault/OpenBao dev server). */
  mount: string;
  /** Prefix under the mount so several deployments can share one Vault. */
  prefix?: string;
}

function statusOf(error: unknown): number | undefined {
  const response = (error as { response?: { statusCode?: unknown } } | null)?.response;
  return typeof response?.statusCode === 'number' ? response.statusCode : undefined;
}

/**
 * Vault / OpenBao KV version 2. KV v2 splits data and metadata under the mount:
 * `<mount>/data/<path>` holds versions, `<mount>/metadata/<path>` deleting removes them all
 * (Vault docs, "KV secrets engine - version 2", HTTP API).
 */
export class VaultSecretStore implements SecretStore {
  readonly kind = 'vault' as const;
  private readonly client: nodeVault.client;

  constructor(private readonly options: VaultStoreOptions) {
    this.client = nodeVault({ apiVersion: 'v1', endpoint: options.url, token: options.token });
  }

  private fullPath(path: string): string {
    assertSecretPath(path);
    return this.options.prefix ? `${this.options.prefix}/${path}` : path;
  }

  async put(path: string, value: SecretValue): Promise<void> {
    const location = `${this.options.mount}/data/${this.fullPath(path)}`;
    await this.call('write', () => this.client.write(location, { data: value }));
  }

  async get(path: string): Promise<SecretValue | undefined> {
    const location = `${this.options.mount}/data/${this.fullPath(path)}`;
    try {
      const response = (await this.client.read(location)) as {
        data?: { data?: SecretValue | null };
      };
      return response.data?.data ?? undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw this.sanitized('read', error);
    }
  }

  async delete(path: string): Promise<void> {
    const location = `${this.options.mount}/metadata/${this.fullPath(path)}`;
    try {
      await this.client.delete(location);
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw this.sanitized('delete', error);
    }
  }

  rotate(path: string, value: SecretValue): Promise<void> {
    // A KV v2 write creates a new version; older versions stay for audit in Vault itself.
    return this.put(path, value);
  }

  /** Liveness of Vault for /readyz. */
  async ping(): Promise<void> {
    await this.call('status', () => this.client.status());
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.sanitized(operation, error);
    }
  }

  /** node-vault errors may echo the request; rebuild them so no value can leak into logs. */
  private sanitized(operation: string, error: unknown): Error {
    const status = statusOf(error);
    return new Error(`vault ${operation} failed${status ? ` with HTTP ${status}` : ''}`);
  }
}
