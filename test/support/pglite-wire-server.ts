import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface PgliteWireServer {
  /** A Postgres URL for the served database, for any number of client processes. */
  url: string;
  close(): Promise<void>;
}

/**
 * A PGlite directory served over the Postgres wire protocol on a free port. PGlite is one
 * process with one session, so two worker processes can never open the same directory at once;
 * served like this they share it as they would share a Postgres server. The server (the test
 * process) queues statements from every connection and keeps a transaction's statements together.
 */
export async function servePgliteDirectory(dataDir: string): Promise<PgliteWireServer> {
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 100 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}
