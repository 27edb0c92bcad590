import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PeersCommand, PeersMessage } from './full-sync-peers.js';

const PEERS_HEAP_MIB = 12_288;

/** The bench's side of the peers process (bench/full-sync-peers.ts): requests over IPC, answered in order. */
export class Peers {
  private waiters: Array<(message: PeersMessage) => void> = [];
  constructor(private readonly child: ChildProcess) {
    child.on('message', (message: PeersMessage) => {
      if (message.type === 'error') {
        console.error(`peers failed: ${message.message}`);
        process.exitCode = 1;
      }
      this.waiters.shift()?.(message);
    });
  }

  /** `profileDirectory`: write a V8 CPU profile of the peers process there. */
  static spawn(profileDirectory: string | undefined): Peers {
    const profile = profileDirectory ? ['--cpu-prof', `--cpu-prof-dir=${profileDirectory}`] : [];
    const child = fork(fileURLToPath(new URL('./full-sync-peers.ts', import.meta.url)), [], {
      // At 1M students the district, the sink's copy of it and the convergence check's roster
      // pass Node's default ~4 GiB heap; the machine has the memory.
      execArgv: ['--import', 'tsx', `--max-old-space-size=${PEERS_HEAP_MIB}`, ...profile],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Peers(child);
  }

  request<T extends PeersMessage['type']>(command: PeersCommand, expect: T): Promise<Extract<PeersMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.waiters.push((message) =>
        message.type === expect ? resolve(message as Extract<PeersMessage, { type: T }>) : reject(new Error(`peers answered ${message.type}`)),
      );
      this.child.send(command);
    });
  }

  send(command: PeersCommand): void {
    this.child.send(command);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' } satisfies PeersCommand);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
