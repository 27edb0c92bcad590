import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { bridgeEnvironment, healthcheckCommand, PRODUCTION_COMMANDS } from '../../scripts/production-shape/bridge-environment.js';
import { configSchema } from '../../src/config.js';
import { projectRoot } from '../../src/temporal/cli-path.js';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

/** One-shot services that prepare a dependency and exit; others wait for them to complete. */
const SETUP_SERVICES = ['temporal-setup', 'vault-setup'];

// No Docker engine here, so the production shape is checked structurally.
const compose = parse(readFileSync(join(projectRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;
const dockerfile = readFileSync(join(projectRoot, 'Dockerfile'), 'utf8');
const packageScripts = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** The Dockerfile's stages: each FROM line and the instructions under it. */
function stages(text: string): Array<{ from: string; lines: string[] }> {
  const result: Array<{ from: string; lines: string[] }> = [];
  for (const line of text.split('\n').filter((entry) => entry.trim() && !entry.startsWith('#'))) {
    if (line.startsWith('FROM ')) result.push({ from: line, lines: [] });
    else result.at(-1)?.lines.push(line);
  }
  return result;
}

describe('docker-compose.yml', () => {
  it('has the production services, official images for third parties', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'bridge-db', 'temporal', 'temporal-db', 'temporal-setup', 'temporal-ui', 'vault', 'vault-setup', 'worker'].sort(),
    );
    expect(services.temporal?.image).toMatch(/^temporalio\/auto-setup:/);
    expect(services['temporal-ui']?.image).toMatch(/^temporalio\/ui:/);
    expect(services['bridge-db']?.image).toMatch(/^postgres:/);
    expect(services.vault?.image).toMatch(/^(openbao\/openbao|hashicorp\/vault):/);
  });

  it('runs api and worker from the one image with the production commands the production-shape run uses', () => {
    expect(services.api?.build).toBe('.');
    expect(services.worker?.build).toBe('.');
    expect(services.api?.command).toEqual(PRODUCTION_COMMANDS.api);
    expect(services.worker?.command).toEqual(PRODUCTION_COMMANDS.worker);
    expect(packageScripts['api:prod']).toBe(PRODUCTION_COMMANDS.api.join(' '));
    expect(packageScripts['worker:prod']).toBe(PRODUCTION_COMMANDS.worker.join(' '));
    expect(services.api?.healthcheck?.test).toEqual(['CMD', ...healthcheckCommand('api')]);
    expect(services.worker?.healthcheck?.test).toEqual(['CMD', ...healthcheckCommand('worker')]);
  });

  it('builds a multi-stage image that runs compiled JavaScript with production dependencies only, as a non-root user, with a healthcheck', () => {
    const [build, dependencies, runtime, ...rest] = stages(dockerfile);
    expect(rest).toEqual([]);
    expect(build?.from).toMatch(/^FROM node:20\S* AS build$/);
    expect(build?.lines).toContain('RUN npm run build');
    expect(dependencies?.lines.join('\n')).toContain('npm ci --omit=dev');
    const image = runtime!.lines;
    expect(runtime?.from).toMatch(/^FROM node:20/);
    expect(image).toContain('COPY --from=build /app/dist ./dist');
    expect(image.some((line) => /^COPY --from=production-dependencies \/app\/node_modules/.test(line))).toBe(true);
    expect(
      image.some((line) => /^COPY (src|activities|workflows) /.test(line)),
      'no sources in the image',
    ).toBe(false);
    expect(image).toContain('USER node');
    const execForm = (prefix: string) => JSON.parse(image.find((line) => line.startsWith(prefix))?.replace(/^.*?CMD /, '') ?? 'null') as unknown;
    expect(execForm('CMD ')).toEqual(PRODUCTION_COMMANDS.api);
    expect(execForm('HEALTHCHECK ')).toEqual(healthcheckCommand('api'));
    expect(image.join('\n'), 'the image runs without tsx').not.toMatch(/\btsx\b/);
  });

  it('runs OpenBao in server mode, prepared by the same setup script as the production-shape run', () => {
    expect(services.vault?.command?.join(' ')).toMatch(/^server -config=/);
    expect(JSON.stringify(services.vault)).not.toContain('-dev');
    expect(services['vault-setup']?.volumes).toContain('./scripts/openbao-setup.sh:/setup/openbao-setup.sh:ro');
    expect(services['vault-setup']?.entrypoint).toEqual(['sh', '/setup/openbao-setup.sh']);
    expect(services['vault-setup']?.environment?.BRIDGE_VAULT_TOKEN).toBe(services.api?.environment?.VAULT_TOKEN);
  });

  it('wires the bridge with variables the config knows, pointing at the compose services', () => {
    const known = new Set(Object.keys(configSchema.shape));
    for (const name of ['api', 'worker'] as const) {
      const env = services[name]?.environment ?? {};
      for (const key of Object.keys(env)) expect(known, `${name}.${key}`).toContain(key);
      expect(String(env.DATABASE_URL)).toContain('@bridge-db:5432/');
      expect(env.VAULT_URL).toBe('http://vault:8200');
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      // Every variable the production-shape run gives its processes is set here too.
      const shape = bridgeEnvironment({
        port: 3000,
        databaseUrl: 'postgres://x@y/z',
        vaultUrl: 'http://v',
        vaultToken: 't',
        temporalAddress: 'h:1',
        temporalUiUrl: 'http://u',
        adminToken: 'a',
      });
      for (const key of Object.keys(shape)) expect(Object.keys(env), `${name}.${key}`).toContain(key);
    }
  });

  it('documents every compose variable in .env.example', () => {
    const example = readFileSync(join(projectRoot, '.env.example'), 'utf8');
    for (const key of Object.keys(services.api?.environment ?? {})) expect(example, key).toMatch(new RegExp(`^#?\\s*${key}=`, 'm'));
  });

  it('gives every long-running service a healthcheck and waits on healthy dependencies', () => {
    for (const [name, service] of Object.entries(services)) {
      if (SETUP_SERVICES.includes(name)) continue;
      expect(service.healthcheck?.test, name).toBeDefined();
    }
    for (const service of Object.values(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[dependency], dependency).toBeDefined();
        expect(condition).toBe(SETUP_SERVICES.includes(dependency) ? 'service_completed_successfully' : 'service_healthy');
      }
    }
  });

  it('registers the custom search attributes on the cluster', () => {
    const setup = JSON.stringify(services['temporal-setup']);
    for (const attribute of ['TenantId', 'SisProvider', 'SyncMode', 'SyncTrigger']) expect(setup).toContain(attribute);
  });
});
