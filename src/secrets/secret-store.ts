/**
 * Where SIS credentials, SCIM tokens and webhook secrets live. Two implementations share this
 * interface: Vault/OpenBao KV v2 (production) and AES-256-GCM rows in the bridge's database
 * (embedded default). Values are string maps; paths look like `tenants/<id>/providers/<id>`.
 * Implementations never log values and never include them in error messages.
 */
export type SecretValue = Record<string, string>;

export interface SecretStore {
  readonly kind: 'vault' | 'embedded';
  put(path: string, value: SecretValue): Promise<void>;
  /** undefined when nothing is stored at `path`. */
  get(path: string): Promise<SecretValue | undefined>;
  /** Removes every version; deleting a missing path is not an error. */
  delete(path: string): Promise<void>;
  /** Replaces the value, keeping the previous one only as the store's own history (KV v2 versions). */
  rotate(path: string, value: SecretValue): Promise<void>;
}

const PATH_PATTERN = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

/** Paths are built from ids the API validated; this guards against traversal all the same. */
export function assertSecretPath(path: string): void {
  if (!PATH_PATTERN.test(path) || path.includes('..')) {
    throw new Error(`invalid secret path "${path}"`);
  }
}

export function providerSecretPath(tenantId: string, providerId: string): string {
  return `tenants/${tenantId}/providers/${providerId}`;
}

/**
 * The provider's webhook HMAC secret, beside (not inside) its SIS credentials: the credentials
 * value keeps exactly the shape parseSisConnection accepts for the provider kind.
 */
export function providerWebhookSecretPath(tenantId: string, providerId: string): string {
  return `${providerSecretPath(tenantId, providerId)}/webhook`;
}

export function scimTargetSecretPath(tenantId: string): string {
  return `tenants/${tenantId}/scim-target`;
}
