import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadOrCreateKeyFile } from '../../src/secrets/embedded-key.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import type { SecretStore } from '../../src/secrets/secret-store.js';
import { VaultSecretStore } from '../../src/secrets/vault-store.js';
import { createTestDatabase, rowsOf, type TestDatabase } from '../support/test-database.js';

const credential = { token: 'clever-district-token-Ünïcødé-"quoted"', consumerSecret: 's3cr3t/with+chars=' };

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.dispose());

const stores: Array<[string, () => SecretStore]> = [
  [
    'OpenBao (Vault KV v2)',
    () => new VaultSecretStore({ url: inject('vaultUrl'), token: inject('vaultToken'), mount: 'secret', prefix: `test-${Date.now()}` }),
  ],
  ['embedded AES-256-GCM', () => new EmbeddedSecretStore(database.db, Buffer.alloc(32, 9))],
];

describe.each(stores)('%s secret store', (_name, makeStore) => {
  it('puts, gets, rotates and deletes', async () => {
    const store = makeStore();
    const path = 'tenants/district-1/providers/p-1';
    expect(await store.get(path)).toBeUndefined();
    await store.put(path, credential);
    expect(await store.get(path)).toEqual(credential);
    await store.rotate(path, { token: 'rotated' });
    expect(await store.get(path)).toEqual({ token: 'rotated' });
    await store.delete(path);
    expect(await store.get(path)).toBeUndefined();
    await expect(store.delete(path)).resolves.toBeUndefined();
  });

  it('refuses paths that could escape the tenant prefix', async () => {
    await expect(makeStore().put('tenants/../admin', { x: 'y' })).rejects.toThrow(/invalid secret path/);
  });
});

describe('embedded store at rest', () => {
  it('holds no plaintext in its rows and binds each row to its path', async () => {
    const store = new EmbeddedSecretStore(database.db, Buffer.alloc(32, 3));
    await store.put('tenants/t/providers/plain', credential);
    const rows = rowsOf<Record<string, unknown>>(await database.db.execute(sql`select * from secrets where path = 'tenants/t/providers/plain'`));
    expect(rows).toHaveLength(1);
    const dump = JSON.stringify(rows, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value));
    expect(dump).not.toContain('clever-district-token');
    expect(dump).not.toContain('s3cr3t');
    // Copying the ciphertext to another path must not decrypt (path is the GCM AAD).
    await database.db.execute(
      sql`insert into secrets (path, key_id, nonce, ciphertext, auth_tag) select 'tenants/t/providers/copy', key_id, nonce, ciphertext, auth_tag from secrets where path = 'tenants/t/providers/plain'`,
    );
    await expect(store.get('tenants/t/providers/copy')).rejects.toThrow();
  });

  it('refuses to open a value with a different key', async () => {
    await new EmbeddedSecretStore(database.db, Buffer.alloc(32, 4)).put('tenants/t/other-key', { a: 'b' });
    await expect(new EmbeddedSecretStore(database.db, Buffer.alloc(32, 5)).get('tenants/t/other-key')).rejects.toThrow(/another key/);
  });

  it('creates its key file once, readable by the owner only', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sis-key-')), 'nested', 'secrets.key');
    const key = loadOrCreateKeyFile(path);
    expect(key).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(path).equals(key)).toBe(true);
  });
});
