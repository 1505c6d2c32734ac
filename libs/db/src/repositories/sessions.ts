import { randomBytes } from 'node:crypto';
import { and, eq, gt, lte } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { sha256Hex } from '../hash-secret.ts';
import { sessions } from '../schema/index.ts';

export type SessionRecord = typeof sessions.$inferSelect;

/** A new session; `token` goes into the cookie and is never stored (only its SHA-256 is). */
export async function createSession(
  db: Database,
  { userId, ttlMs, data = {}, now = new Date() }: { userId: string; ttlMs: number; data?: Record<string, unknown>; now?: Date },
): Promise<{ token: string; session: SessionRecord }> {
  const token = randomBytes(32).toString('base64url');
  const [session] = await db
    .insert(sessions)
    .values({ tokenHash: sha256Hex(token), userId, data, createdAt: now, expiresAt: new Date(now.getTime() + ttlMs) })
    .returning();
  return { token, session: session as SessionRecord };
}

/** The live session for a cookie's token; undefined when unknown or expired. */
export async function findSession(db: Database, token: string, now: Date = new Date()): Promise<SessionRecord | undefined> {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, sha256Hex(token)), gt(sessions.expiresAt, now)))
    .limit(1);
  return row;
}

/** Logout: true when there was such a session. */
export async function deleteSession(db: Database, token: string): Promise<boolean> {
  const deleted = await db.delete(sessions).where(eq(sessions.tokenHash, sha256Hex(token))).returning({ userId: sessions.userId });
  return deleted.length > 0;
}

/** Logs a user out everywhere (role change, password change, deletion). */
export async function deleteSessionsOfUser(db: Database, userId: string): Promise<number> {
  const deleted = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ userId: sessions.userId });
  return deleted.length;
}

/** Removes expired sessions; returns how many. */
export async function deleteExpiredSessions(db: Database, now: Date = new Date()): Promise<number> {
  const deleted = await db.delete(sessions).where(lte(sessions.expiresAt, now)).returning({ userId: sessions.userId });
  return deleted.length;
}
