import { foreignKeyViolation, uniqueViolation } from '@switchboard/db';
import { HttpError } from '@switchboard/service-kit';

const UNIQUE_MESSAGES: Record<string, string> = {
  keys_pkey: 'a key with this value already exists',
  keys_alias_key: 'key_alias is already used by another key',
  users_pkey: 'user_id is already taken',
  users_email_key: 'user_email is already used by another user',
  teams_pkey: 'team_id is already taken',
  organizations_pkey: 'organization_id is already taken',
  budgets_pkey: 'budget_id is already taken',
  customers_pkey: 'this end user already exists',
  models_pkey: 'a model with this id already exists',
};

/** Constraint violations a client caused become 400s naming the problem; anything else stays a 500. */
export async function translateDbErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const unique = uniqueViolation(err);
    if (unique) throw new HttpError(400, UNIQUE_MESSAGES[unique] ?? 'this value is already taken', { code: 'conflict' });
    const foreign = foreignKeyViolation(err);
    if (foreign) throw new HttpError(400, `a referenced object does not exist, or the object is still in use (${foreign})`, { code: 'invalid_reference' });
    throw err;
  }
}
