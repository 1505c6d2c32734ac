import { appendAudit, withTransaction, type OutboxAction, type OutboxEntityType, type OutboxEvent, type Transaction } from '@switchboard/db';
import type { Caller } from '../auth/caller.ts';
import type { ManagementDeps } from '../deps.ts';

export interface AuditedChange {
  /** e.g. `key.generate`, `team.member_add`. */
  action: string;
  table: string;
  objectId: string;
  /** Public views only (hashes, masked params): never a raw key or a credential. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** The cache invalidation this change causes; the repository already wrote it to the outbox. */
  invalidates?: { entityType: OutboxEntityType; action: OutboxAction };
}

export type Audit = (change: AuditedChange) => Promise<void>;

/**
 * Runs `work` in one transaction with an `audit` function: the change, its audit rows and (through the
 * repositories) its outbox events commit together. After commit, the invalidations go to Redis pub/sub and the
 * changes to the management-event alerts.
 */
export async function applyChange<T>(deps: Pick<ManagementDeps, 'db' | 'publisher' | 'changeAlerts'>, caller: Caller, work: (tx: Transaction, audit: Audit) => Promise<T>): Promise<T> {
  const events: OutboxEvent[] = [];
  const changes: AuditedChange[] = [];
  const result = await withTransaction(deps.db, (tx) =>
    work(tx, async (change) => {
      await appendAudit(tx, {
        actor: caller.actor,
        actorKeyHash: caller.actorKeyHash ?? null,
        action: change.action,
        tableName: change.table,
        objectId: change.objectId,
        before: change.before ?? null,
        after: change.after ?? null,
      });
      if (change.invalidates) events.push({ entityId: change.objectId, ...change.invalidates });
      changes.push(change);
    }),
  );
  await deps.publisher.publish(events);
  // Management-event alerts (new_virtual_key_created, team_updated, ...) from the audited changes, after commit.
  deps.changeAlerts?.changed(caller, changes);
  return result;
}
