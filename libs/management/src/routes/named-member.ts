import { findUserByEmail, findUserById, type Database } from '@switchboard/db';
import { HttpError } from '@switchboard/service-kit';

export type MemberGroup = 'team' | 'organization';

/**
 * The refusal for removing or changing someone a team or organization does not have. LiteLLM answers it with
 * 400 ("User not found in team"): the request names a member that is not there, so it is the request that is
 * wrong, not a missing resource (the team itself missing stays a 404).
 */
export function notAMember(group: MemberGroup): HttpError {
  return new HttpError(400, `That user is not a member of the ${group}`, { code: 'member_not_found' });
}

/**
 * The user id a member removal or change names, by `user_id` or `user_email`. It never creates a user (adding a
 * member does); a user that does not exist is not a member either, and gets the same refusal.
 */
export async function namedMemberUserId(db: Database, group: MemberGroup, member: { user_id?: string; user_email?: string }): Promise<string> {
  const user = member.user_id !== undefined ? await findUserById(db, member.user_id) : await findUserByEmail(db, member.user_email as string);
  if (!user) throw notAMember(group);
  return user.id;
}
