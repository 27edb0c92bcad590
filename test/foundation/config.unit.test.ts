import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

describe('config', () => {
  it('applies documented defaults on an empty environment', () => {
    const config = parseConfig({});
    expect(config.DEFAULT_SYNC_INTERVAL).toBe(3600);
    expect(config.MAX_RETRY_ATTEMPTS).toBe(3);
    expect(config.BATCH_SIZE).toBe(100);
    expect(config.TEMPORAL_NAMESPACE).toBe('sis-bridge');
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('names every bad variable at once', () => {
    let thrown: unknown;
    try {
      parseConfig({
        DATABASE_URL: 'mysql://nope',
        BATCH_SIZE: 'lots',
        DEFAULT_SYNC_INTERVAL: '-5',
        PORT: '70000',
        VAULT_URL: 'http://127.0.0.1:8200',
        SECRETS_KEY: 'too-short',
        TEMPORAL_ADDRESS: 'no port',
        LOG_LEVEL: 'loud',
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const problems = (thrown as ConfigError).problems.join('\n');
    for (const name of ['DATABASE_URL', 'BATCH_SIZE', 'DEFAULT_SYNC_INTERVAL', 'PORT', 'VAULT_TOKEN', 'SECRETS_KEY', 'TEMPORAL_ADDRESS', 'LOG_LEVEL']) {
      expect(problems).toContain(name);
    }
  });

  it('accepts a hex or base64 32-byte SECRETS_KEY', () => {
    expect(parseConfig({ SECRETS_KEY: 'ab'.repeat(32) }).SECRETS_KEY).toBe('ab'.repeat(32));
    expect(parseConfig({ SECRETS_KEY: Buffer.alloc(32, 7).toString('base64') }).SECRETS_KEY).toBeDefined();
  });

  it('makes an entry point exit non-zero with a readable list of every bad variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main/migrate.ts'], {
      env: { PATH: process.env.PATH, BATCH_SIZE: '0', DATABASE_URL: 'redis://x', MAX_RETRY_ATTEMPTS: 'many' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toMatch(/BATCH_SIZE:/);
    expect(result.stderr).toMatch(/DATABASE_URL:/);
    expect(result.stderr).toMatch(/MAX_RETRY_ATTEMPTS:/);
  });
});
