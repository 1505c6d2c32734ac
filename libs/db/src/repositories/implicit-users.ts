import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Transaction } from '../database.ts';
import { users, type UserRole } from '../schema/index.ts';
import { appendOutbox } from './outbox.ts';
import type { UserRecord } from './users.ts';

/**
 * The user named by id (or, without an id, by e-mail), created when absent: LiteLLM makes a user implicitly
 * when a team member or a key names one that does not exist yet. Safe under concurrency: parallel calls naming
 * the same new user all get the one row (`ON CONFLICT DO NOTHING`, then read it back, which READ COMMITTED
 * sees once the winner commits). `created` says whether this call made it. Runs in the caller's transaction,
 * which the outbox event joins.
 */
export async function findOrInsertUser(
  db: Transaction,
  who: { id?: string; email?: string },
  fields: { role: UserRole; createdBy?: string | null },
): Promise<{ user: UserRecord; created: boolean }> {
  if (who.id === undefined && who.email === undefined) throw new Error('findOrInsertUser needs an id or an e-mail');
  const lookup = () => db.select().from(users).where(who.id !== undefined ? eq(users.id, who.id) : eq(users.email, who.email as string)).limit(1);
  const [existing] = await lookup();
  if (existing) return { user: existing, created: false };
  const id = who.id ?? randomUUID();
  const [inserted] = await db
    .insert(users)
    .values({ id, email: who.email ?? null, role: fields.role, createdBy: fields.createdBy ?? null, updatedBy: fields.createdBy ?? null })
    .onConflictDoNothing()
    .returning();
  if (inserted) {
    await appendOutbox(db, { entityType: 'user', entityId: id, action: 'insert' });
    return { user: inserted, created: true };
  }
  const [winner] = await lookup();
  if (!winner) throw new Error('findOrInsertUser: the user conflicted with another row but cannot be read');
  return { user: winner, created: false };
}
