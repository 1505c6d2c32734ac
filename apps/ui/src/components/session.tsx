'use client';

import { createContext, useContext } from 'react';
import type { Session, UserRole } from '../lib/api/types.ts';
import { can, canOnAll, type Action } from '../lib/permissions.ts';

export const SessionContext = createContext<Session | null>(null);

/** The logged-in user; pages render inside the shell, which only renders them once this is known. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the logged-in shell');
  return session;
}

/** Role gating for a page: `allowed(action)` matches the backend's permission matrix. */
export function usePermissions(): { role: UserRole; userId: string | null; allowed: (action: Action) => boolean; allowedOnAll: (action: Action) => boolean } {
  const session = useSession();
  return {
    role: session.user_role,
    userId: session.user_id,
    allowed: (action) => can(session.user_role, action),
    allowedOnAll: (action) => canOnAll(session.user_role, action),
  };
}
