import type { KeyRecord, UserRecord, UserRole } from '@switchboard/db';

/** Who is calling the management API, resolved once per request by `authenticate-caller.ts`. */
export interface Caller {
  /** How they proved it. */
  via: 'master_key' | 'key' | 'session';
  role: UserRole;
  /** The user acting; undefined for the master key. */
  user?: UserRecord;
  /** The virtual key the call was made with, when it was one: its limits bound what it may create. */
  key?: KeyRecord;
  /** What audit rows name as the actor: a user id, or `master_key`. Never a raw key. */
  actor: string;
  /** Hash of the key the change was made with, for audit rows. */
  actorKeyHash?: string;
  /** Set for session callers: state-changing requests must pass the CSRF check. */
  sessionTokenHash?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

export const MASTER_KEY_ACTOR = 'master_key';
/** How the id of the user a master-key dashboard login acts as starts (the reference's `default_user_id`); a random part follows. */
export const MASTER_KEY_USER_ID_PREFIX = 'default_user_id-';
