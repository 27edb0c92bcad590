import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { secrets } from '../db/schema/index.js';
import { assertSecretPath, type SecretStore, type SecretValue } from './secret-store.js';

const NONCE_BYTES = 12; // 96-bit nonce, the size GCM is specified for (NIST SP 800-38D).

/** AES-256-GCM encrypted rows in the bridge's own database; the path is bound as AAD. */
export class EmbeddedSecretStore implements SecretStore {
  readonly kind = 'embedded' as const;
  private readonly keyId: string;

  constructor(
    private readonly db: Database,
    private readonly key: Buffer,
  ) {
    if (key.length !== 32) throw new Error('embedded secrets key must be 32 bytes');
    // A fingerprint, not the key: tells which key sealed a row after a key change.
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 16);
  }

  async put(path: string, value: SecretValue): Promise<void> {
    assertSecretPath(path);
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    // Binding the path means a row copied to another path fails to decrypt.
    cipher.setAAD(Buffer.from(path, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    const row = { path, keyId: this.keyId, nonce, ciphertext, authTag: cipher.getAuthTag() };
    await this.db
      .insert(secrets)
      .values(row)
      .onConflictDoUpdate({
        target: secrets.path,
        set: { ...row, version: sql`${secrets.version} + 1`, updatedAt: new Date() },
      });
  }

  async get(path: string): Promise<SecretValue | undefined> {
    assertSecretPath(path);
    const [row] = await this.db.select().from(secrets).where(eq(secrets.path, path));
    if (!row) return undefined;
    if (row.keyId !== this.keyId) throw new Error(`secret at "${path}" was sealed with another key (${row.keyId})`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, row.nonce);
    decipher.setAAD(Buffer.from(path, 'utf8'));
    decipher.setAuthTag(row.authTag);
    const plaintext = Buffer.concat([decipher.update(row.ciphertext), decipher.final()]).toString('utf8');
    return JSON.parse(plaintext) as SecretValue;
  }

  async delete(path: string): Promise<void> {
    assertSecretPath(path);
    await this.db.delete(secrets).where(eq(secrets.path, path));
  }

  rotate(path: string, value: SecretValue): Promise<void> {
    return this.put(path, value);
  }
}
