import { HttpError } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import { scopeOf, type Action, type Scope } from '@switchboard/permissions';

/** 403 when the caller's role has no access at all; otherwise the scope the handler must enforce. */
export function authorize(caller: Caller, action: Action): Exclude<Scope, 'none'> {
  const scope = scopeOf(caller.role, action);
  if (scope === 'none') throw new HttpError(403, `Role ${caller.role} may not ${action.replace(':', ' ')}`, { code: 'forbidden' });
  return scope;
}

export function forbidden(message: string): HttpError {
  return new HttpError(403, message, { code: 'forbidden' });
}
