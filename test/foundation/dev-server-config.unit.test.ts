import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/temporal/cli-path.js';
import { devServerArgs, readDevServerConfig } from '../../src/temporal/dev-server-config.js';

describe('temporal-dev.yaml', () => {
  const config = readDevServerConfig(join(projectRoot, 'temporal-dev.yaml'));

  it('declares the custom search attributes the workflows upsert, all Keyword', () => {
    expect(config.searchAttributes).toEqual({ TenantId: 'Keyword', SisProvider: 'Keyword', SyncMode: 'Keyword', SyncTrigger: 'Keyword' });
  });

  it('keeps its sqlite file under .data/', () => {
    expect(config.dbFilename).toMatch(/^\.data\//);
  });

  it('becomes start-dev flags, dynamic config values as JSON', () => {
    const args = devServerArgs({ ...config, port: 1234, uiPort: 5678, dbFilename: null });
    expect(args.slice(0, 2)).toEqual(['server', 'start-dev']);
    expect(args).toEqual(expect.arrayContaining(['--namespace', 'sis-bridge', '--port', '1234', '--ui-port', '5678', '--ip', '127.0.0.1']));
    expect(args).toContain('--search-attribute');
    expect(args).toContain('TenantId=Keyword');
    expect(args).toContain('frontend.enableUpdateWorkflowExecution=true');
    expect(args).not.toContain('--db-filename');
  });
});
