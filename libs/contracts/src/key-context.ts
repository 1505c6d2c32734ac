import type { Principal } from './principal.ts';
import type { ScopeOwner } from './scope-owner.ts';
import type { RateScope } from '@switchboard/limits';

/** A budget as enforcement needs it: whose, how much, how much is already spent, for which period. */
export interface BudgetLine {
  /** Whose budget it is. */
  owner: ScopeOwner;
  /** The limiter's counter id: the owner's scope id and the period start (a reset opens a fresh counter). */
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
  /** The guardrail fields (`guardrails`, `disable_global_guardrails`) of the key's and its team's metadata. */
  guardrailMetadata?: { key?: Record<string, unknown>; team?: Record<string, unknown> };
  /** An admin set `allow_client_mock_response: true` in the key's or its team's metadata: its calls may ask for a mock answer. */
  allowClientMockResponse?: true;
  /** Other keys this context was built from (a rotated key's successors): a change to one of them drops it. */
  dependsOn?: readonly string[];
}

declare module 'express-serve-static-core' {
  interface Request {
    keyContext?: KeyContext;
  }
}
