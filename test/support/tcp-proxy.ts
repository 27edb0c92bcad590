import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy the test controls, in front of a server it must not stop (the machine's shared
 * Postgres, a SCIM server): `cut()` drops every connection and refuses new ones, as a failover
 * or a network partition would; `restore()` lets connections through again on the same port.
 */
export interface TcpProxy {
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(upstreamHost: string, upstreamPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const serve = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer((client) => {
        const upstream = createConnection({ host: upstreamHost, port: upstreamPort });
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.once('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream);
        upstream.pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  const stop = (server: Server | undefined) =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
    });

  let server: Server | undefined = await serve(0);
  const { port } = server.address() as AddressInfo;
  return {
    port,
    cut: async () => {
      await stop(server);
      server = undefined;
    },
    restore: async () => {
      server ??= await serve(port);
    },
    close: () => stop(server),
  };
}
