import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config.js';
import { projectRoot } from '../../src/temporal/cli-path.js';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

// No Docker engine here, so the production shape is checked structurally.
const compose = parse(readFileSync(join(projectRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;

describe('docker-compose.yml', () => {
  it('has the production services, official images for third parties', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'bridge-db', 'temporal', 'temporal-db', 'temporal-setup', 'temporal-ui', 'vault', 'worker'].sort());
    expect(services.temporal?.image).toMatch(/^temporalio\/auto-setup:/);
    expect(services['temporal-ui']?.image).toMatch(/^temporalio\/ui:/);
    expect(services['bridge-db']?.image).toMatch(/^postgres:/);
    expect(services.vault?.image).toMatch(/^(openbao\/openbao|hashicorp\/vault):/);
  });

  it('builds api and worker from the repo Dockerfile with the right entry points', () => {
    expect(services.api?.build).toBe('.');
    expect(services.worker?.build).toBe('.');
    expect(services.api?.command?.join(' ')).toContain('src/main/api.ts');
    expect(services.worker?.command?.join(' ')).toContain('src/main/worker.ts');
    expect(readFileSync(join(projectRoot, 'Dockerfile'), 'utf8')).toMatch(/^FROM node:20/m);
  });

  it('wires the bridge with variables the config knows, pointing at the compose services', () => {
    const known = new Set(Object.keys(configSchema.shape));
    for (const name of ['api', 'worker'] as const) {
      const env = services[name]?.environment ?? {};
      for (const key of Object.keys(env)) expect(known, `${name}.${key}`).toContain(key);
      expect(String(env.DATABASE_URL)).toContain('@bridge-db:5432/');
      expect(env.VAULT_URL).toBe('http://vault:8200');
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
    }
  });

  it('documents every compose variable in .env.example', () => {
    const example = readFileSync(join(projectRoot, '.env.example'), 'utf8');
    for (const key of Object.keys(services.api?.environment ?? {})) expect(example, key).toMatch(new RegExp(`^#?\\s*${key}=`, 'm'));
  });

  it('gives every long-running service a healthcheck and waits on healthy dependencies', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'temporal-setup' || name === 'worker') continue;
      expect(service.healthcheck?.test, name).toBeDefined();
    }
    for (const service of Object.values(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[dependency], dependency).toBeDefined();
        expect(condition).toBe('service_healthy');
      }
    }
  });

  it('registers the custom search attributes on the cluster', () => {
    const setup = JSON.stringify(services['temporal-setup']);
    for (const attribute of ['TenantId', 'SisProvider', 'SyncMode', 'SyncTrigger']) expect(setup).toContain(attribute);
  });
});
