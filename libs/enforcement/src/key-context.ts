import type { Principal } from '@switchboard/data-plane';
import type { RateScope } from '@switchboard/limits';

/** A budget as enforcement needs it: whose, how much, how much is already spent, for which period. */
export interface BudgetLine {
  /** `key:<hash>`, `team:<id>`, ...; with the period start, the limiter's counter id. */
  scopeId: string;
  maxNano: number;
  spentNano: number;
  softNano?: number;
}

/**
 * Everything the gateway checks for one virtual key, loaded once from the database (key, user, team and
 * organization rows) and cached. Holds the key's hash, never the key.
 */
export interface KeyContext {
  principal: Principal;
  blocked: boolean;
  expiresAt?: number;
  teamBlocked: boolean;
  /** Model lists that must each allow the model (key, team or user, organization); see libs/permissions. */
  modelLists: readonly (readonly string[])[];
  rateScopes: RateScope[];
  budgets: BudgetLine[];
  /** Other keys this context was built from (a rotated key's successors): a change to one of them drops it. */
  dependsOn?: readonly string[];
}

declare module 'express-serve-static-core' {
  interface Request {
    keyContext?: KeyContext;
  }
}
