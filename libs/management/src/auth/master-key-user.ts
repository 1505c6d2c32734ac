import { randomBytes } from 'node:crypto';
import { findMasterKeyUser, insertUser, MASTER_KEY_LOGIN_FLAG, type Database, type UserRecord } from '@switchboard/db';
import { MASTER_KEY_USER_ID_PREFIX } from './caller.ts';

/**
 * The user a master-key login acts as; created (as proxy_admin) the first time, with a random id: a fixed one
 * (LiteLLM's `default_user_id`) is a target anyone can name, as a team member to add or a key owner to mint for.
 */
export async function masterKeyUser(db: Database): Promise<UserRecord> {
  const existing = await findMasterKeyUser(db);
  if (existing) return existing;
  return insertUser(db, {
    id: `${MASTER_KEY_USER_ID_PREFIX}${randomBytes(16).toString('base64url')}`,
    role: 'proxy_admin',
    alias: 'master key',
    metadata: { [MASTER_KEY_LOGIN_FLAG]: true },
    createdBy: 'master_key',
    updatedBy: 'master_key',
  });
}
