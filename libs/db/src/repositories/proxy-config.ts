import { eq, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../database.ts';
import { proxyConfig } from '../schema/index.ts';
import { appendOutbox } from './outbox.ts';

/** The stored config sections (`/config/update`), by section name; an absent section is not in the map. */
export async function readProxyConfig(db: Database): Promise<Record<string, Record<string, unknown>>> {
  const rows = await db.select().from(proxyConfig);
  return Object.fromEntries(rows.map((row) => [row.paramName, row.paramValue]));
}

/**
 * One section, read under a row lock for a read-modify-write in the caller's transaction ({} when none is stored
 * yet). The row is made first when absent, so two first writers of a section queue on it instead of one
 * overwriting the other's merge.
 */
export async function lockProxyConfigSection(tx: Transaction, name: string): Promise<Record<string, unknown>> {
  await tx.insert(proxyConfig).values({ paramName: name, paramValue: {} }).onConflictDoNothing();
  const rows = await tx.select().from(proxyConfig).where(eq(proxyConfig.paramName, name)).for('update');
  return rows[0]?.paramValue ?? {};
}

/** Writes a whole section (insert or replace), with the outbox event that has the gateways apply it. */
export async function writeProxyConfigSection(tx: Transaction, name: string, value: Record<string, unknown>, updatedBy: string): Promise<void> {
  await appendOutbox(tx, { entityType: 'config', entityId: name, action: 'update' });
  await tx
    .insert(proxyConfig)
    .values({ paramName: name, paramValue: value, updatedBy })
    .onConflictDoUpdate({ target: proxyConfig.paramName, set: { paramValue: value, updatedBy, updatedAt: sql`now()` } });
}
