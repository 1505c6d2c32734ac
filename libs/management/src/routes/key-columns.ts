import { randomBytes } from 'node:crypto';
import { durationSeconds } from '../schemas/common.ts';
import type { GenerateKeyInput } from '../schemas/key-schemas.ts';
import { budgetColumns, given } from './budget-columns.ts';
import type { KeyStrength } from './key-ceilings.ts';

/** 192 random bits, URL-safe: `sk-` + 32 characters. */
export function generateRawKey(): string {
  return `sk-${randomBytes(24).toString('base64url')}`;
}

export function expiryOf(duration: string | null | undefined, now = new Date()): Date | null | undefined {
  if (duration === undefined) return undefined;
  const seconds = duration === null ? undefined : durationSeconds(duration);
  return seconds === undefined ? null : new Date(now.getTime() + seconds * 1000);
}

type KeyFields = Omit<GenerateKeyInput, 'key'>;

/** The key fields given, as columns; strength fields come from the (possibly bounded) `strength`. */
export function keyColumns(input: KeyFields, strength: KeyStrength) {
  const columns: Record<string, unknown> = { ...budgetColumns(input) };
  given(columns, 'alias', input.key_alias);
  given(columns, 'metadata', input.metadata);
  given(columns, 'userId', input.user_id);
  given(columns, 'teamId', input.team_id);
  given(columns, 'organizationId', input.organization_id);
  given(columns, 'budgetId', input.budget_id);
  given(columns, 'aliases', input.aliases);
  given(columns, 'tags', input.tags);
  given(columns, 'blocked', input.blocked);
  given(columns, 'spend', input.spend);
  given(columns, 'models', strength.models);
  given(columns, 'maxBudget', strength.maxBudget);
  given(columns, 'rpmLimit', strength.rpmLimit);
  given(columns, 'tpmLimit', strength.tpmLimit);
  given(columns, 'maxParallelRequests', strength.maxParallelRequests);
  given(columns, 'allowedRoutes', strength.allowedRoutes);
  given(columns, 'expiresAt', strength.expiresAt);
  return columns;
}

export function strengthOf(input: KeyFields): KeyStrength {
  return {
    models: input.models,
    maxBudget: input.max_budget,
    rpmLimit: input.rpm_limit,
    tpmLimit: input.tpm_limit,
    maxParallelRequests: input.max_parallel_requests,
    allowedRoutes: input.allowed_routes,
    expiresAt: expiryOf(input.duration),
  };
}
