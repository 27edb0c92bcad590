import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

/** temporal-dev.yaml, validated. The CLI has no config file for start-dev, so this becomes flags. */
const devServerConfigSchema = z.object({
  namespace: z.string().min(1),
  ip: z.string().min(1),
  port: z.number().int().min(0).max(65535),
  uiPort: z.number().int().min(0).max(65535),
  /** Relative to the project root; null/absent = in-memory (state lost on exit). */
  dbFilename: z.string().nullish(),
  logLevel: z.enum(['debug', 'info', 'warn', 'error', 'never']).default('warn'),
  searchAttributes: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.enum(['Text', 'Keyword', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList'])),
  dynamicConfig: z.record(z.string(), z.unknown()).default({}),
});

export type DevServerConfig = z.infer<typeof devServerConfigSchema>;

export function readDevServerConfig(path: string): DevServerConfig {
  return devServerConfigSchema.parse(parse(readFileSync(path, 'utf8')));
}

/** The `temporal server start-dev` arguments for a config (paths already resolved). */
export function devServerArgs(config: DevServerConfig): string[] {
  const args = [
    'server',
    'start-dev',
    '--namespace',
    config.namespace,
    '--ip',
    config.ip,
    '--port',
    String(config.port),
    '--ui-port',
    String(config.uiPort),
    '--log-level',
    config.logLevel,
  ];
  if (config.dbFilename) args.push('--db-filename', config.dbFilename);
  for (const [name, type] of Object.entries(config.searchAttributes)) args.push('--search-attribute', `${name}=${type}`);
  for (const [key, value] of Object.entries(config.dynamicConfig)) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  return args;
}
