import type { PgTransactionConfig } from 'drizzle-orm/pg-core';
import type { Database, Transaction } from './database.ts';

/**
 * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. Given a
 * transaction, it nests as a savepoint. Never wait inside on a query sent through another connection:
 * that deadlocks on the embedded database, which runs one transaction at a time.
 */
export function withTransaction<T>(db: Database, work: (tx: Transaction) => Promise<T>, config?: PgTransactionConfig): Promise<T> {
  return db.transaction(work, config);
}
