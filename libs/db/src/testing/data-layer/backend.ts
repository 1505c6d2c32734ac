import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../../database.ts';
import type { DatabaseState } from '../../database-state.ts';
import type { ServerLog } from '../server-log.ts';

/** One database the data-layer suite runs against: in-process PGlite, PGlite over its socket, or PostgreSQL. */
export interface DataLayerBackend {
  readonly db: Database;
  /** The readiness probe, where the backend goes through `openDatabase`. */
  check?(): Promise<DatabaseState>;
  /**
   * Only on the real server: a second handle whose every statement the server logs, and that log, so a
   * test can see how values reached the server. Closing it turns the logging off again.
   */
  statementLogging?(): Promise<{ db: Database; log: ServerLog; close(): Promise<void> }>;
  close(): Promise<void>;
}

/** The suite's cases read the backend through this, as it only exists once beforeAll has run. */
export type BackendRef = () => DataLayerBackend;

export const uniqueId = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;
export const rawApiKey = () => `sk-${randomBytes(24).toString('base64url')}`;

/** Spend rows far from any real month, so the partition cases own their months. */
export const SPEND_DAY = '2030-01-15';
export const at = (time: string) => new Date(`${SPEND_DAY}T${time}Z`);
