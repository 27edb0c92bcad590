import type { SecretStore, SecretValue } from '../secrets/secret-store.js';

/** Puts a secret back as it was before a change: the earlier value, or nothing. */
export async function restoreSecret(secrets: SecretStore, path: string, previous: SecretValue | undefined): Promise<void> {
  if (previous === undefined) await secrets.delete(path);
  else await secrets.rotate(path, previous);
}
