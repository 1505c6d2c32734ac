import type { CallRecord } from '@switchboard/contracts';
import { HttpError } from '@switchboard/service-kit';

/**
 * The client's `user` names an end user, whose budget and spend are looked up and kept in PostgreSQL, whose text
 * cannot hold U+0000: such an id is refused as a bad request before any lookup (it was a 500 from the lookup).
 */
export function checkEndUser(record: CallRecord): void {
  if (record.endUser?.includes('\u0000')) throw new HttpError(400, 'user must not contain the character U+0000', { code: 'invalid_request', param: 'user' });
}
