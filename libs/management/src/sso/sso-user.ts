import { findUserByEmail, insertUser, updateUser, type Database, type UserRecord, type UserRole } from '@switchboard/db';

/**
 * The user an SSO login is: found by e-mail (ignoring case), created on first login (just in time) with the
 * mapped role, and given the mapped role again at every later login.
 */
export async function upsertSsoUser(db: Database, { email, role, subject, issuer }: { email: string; role: UserRole; subject: string; issuer: string }): Promise<UserRecord> {
  const existing = (await findUserByEmail(db, email)) ?? (await findUserByEmail(db, email.toLowerCase()));
  if (!existing) return insertUser(db, { email: email.toLowerCase(), role, metadata: { sso_subject: subject, sso_issuer: issuer } });
  if (existing.role === role) return existing;
  return (await updateUser(db, existing.id, { role })) ?? existing;
}
