import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { PgliteSessionQueue } from './pglite-session-queue.ts';

/**
 * PGlite served over PostgreSQL's wire protocol to several connections (the embedded default's services, tests),
 * with the session kept for one connection's sequence at a time (PgliteSessionQueue). pglite-socket builds its
 * own queue in its constructor and hands it to each connection as it arrives, so it is replaced before `start`.
 */
export function servePglite(db: PGlite, options: { host: string; port: number; maxConnections: number }): PGLiteSocketServer {
  const server = new PGLiteSocketServer({ db, ...options });
  (server as unknown as { queryQueue: PgliteSessionQueue }).queryQueue = new PgliteSessionQueue(db);
  return server;
}
