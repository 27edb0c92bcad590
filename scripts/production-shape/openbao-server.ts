import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/temporal/cli-path.js';
import { freePort } from '../../src/temporal/dev-server.js';

export interface OpenBaoServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * OpenBao in server mode (not -dev): integrated storage (raft) in files under `dir`, sealed at
 * every start. OpenBao dropped the old `file` backend; raft is its on-disk storage and the one
 * it recommends. scripts/openbao-setup.sh then initialises, unseals and prepares it — the same
 * script docker-compose.yml runs — and creates the bridge's token `bridgeToken`.
 */
export async function startOpenBaoServer(baoPath: string, dir: string, bridgeToken: string): Promise<OpenBaoServer> {
  const [port, clusterPort] = [await freePort(), await freePort()];
  mkdirSync(join(dir, 'raft'), { recursive: true });
  const config = join(dir, 'openbao.hcl');
  writeFileSync(
    config,
    `storage "raft" {
  path    = "${join(dir, 'raft')}"
  node_id = "production-shape"
}
listener "tcp" {
  address         = "127.0.0.1:${port}"
  cluster_address = "127.0.0.1:${clusterPort}"
  tls_disable     = true
}
api_addr     = "http://127.0.0.1:${port}"
cluster_addr = "http://127.0.0.1:${clusterPort}"
`,
  );
  const child = spawn(baoPath, ['server', `-config=${config}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const setup = spawnSync('sh', [join(projectRoot, 'scripts', 'openbao-setup.sh')], {
    env: {
      PATH: process.env.PATH ?? '',
      BAO_CLI: baoPath,
      BAO_ADDR: url,
      BAO_STATE_DIR: join(dir, 'state'),
      BRIDGE_VAULT_TOKEN: bridgeToken,
      VAULT_KV_MOUNT: 'secret',
    },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (setup.status !== 0) {
    await stop();
    throw new Error(`openbao-setup.sh failed (${setup.status ?? setup.signal}): ${setup.stderr}\nserver log: ${log}`);
  }
  return { url, stop };
}
