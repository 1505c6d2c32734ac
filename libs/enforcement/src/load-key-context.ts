import { decimalToNano, findBudgetById, findTeamMembership, findKeyByHash, findOrganizationById, findTeamById, findUserById, isUserDeactivated, type CredentialCipher, type Database } from '@switchboard/db';
import type { RateScope } from '@switchboard/limits';
import { scopeIdOf, type BudgetLine, type KeyContext, type ScopeOwner } from '@switchboard/contracts';
import { keyTagsOf, tagListOf } from '@switchboard/permissions';
import { findRotationSuccessor } from './rotation-successor.ts';
import { loggingOwnerOf } from './logging-owner-of.ts';

export interface Limited {
  maxBudget: string | null;
  softBudget?: string | null;
  budgetResetAt?: Date | null;
  /** A key's spend set by hand (reset_spend): a new counter, as a new budget period is. */
  spendResetAt?: Date | null;
  rpmLimit?: number | null;
  tpmLimit?: number | null;
  maxParallelRequests?: number | null;
  spend: string;
}

// Nano-dollars, not micro: budgets as small as LiteLLM's tests set ($0.0000001) must not round to zero.
const toNano = decimalToNano;

/** A limit of 0 allows nothing (LiteLLM's meaning); only an absent (null) limit is no limit. */
export function rateScope(owner: ScopeOwner, row: Limited): RateScope | undefined {
  const scope: RateScope = { id: scopeIdOf(owner) };
  if (row.rpmLimit != null) scope.rpm = row.rpmLimit;
  if (row.tpmLimit != null) scope.tpm = row.tpmLimit;
  if (row.maxParallelRequests != null) scope.maxParallel = row.maxParallelRequests;
  return Object.keys(scope).length > 1 ? scope : undefined;
}

export function budgetLine(owner: ScopeOwner, row: Limited): BudgetLine | undefined {
  if (row.maxBudget === null) return undefined;
  // The period's reset time is part of the counter id: a reset starts a fresh shared counter.
  const period = `${row.budgetResetAt ? row.budgetResetAt.getTime() : 'total'}${row.spendResetAt ? `~${row.spendResetAt.getTime()}` : ''}`;
  return {
    owner,
    scopeId: `${scopeIdOf(owner)}:${period}`,
    maxNano: toNano(row.maxBudget),
    spentNano: toNano(row.spend),
    ...(row.softBudget ? { softNano: toNano(row.softBudget) } : {}),
  };
}

/** A member's own limits in a team (`/team/member_update` with `max_budget_in_team`), with their spend there. */
async function memberLimits(db: Database, teamId: string | undefined, userId: string | undefined): Promise<Limited | undefined> {
  if (!teamId || !userId) return undefined;
  const membership = await findTeamMembership(db, teamId, userId);
  const budget = await findBudgetById(db, membership?.budgetId);
  return membership && budget ? { ...budget, spend: membership.spend } : undefined;
}

/**
 * Key, user, team and organization for one key hash, in two round trips; undefined for an unknown key.
 * `cipher` (the model credentials' one) decrypts the key's and team's logging callback secrets.
 */
export async function loadKeyContext(db: Database, hash: string, cipher: CredentialCipher): Promise<KeyContext | undefined> {
  const key = await findKeyByHash(db, hash);
  if (!key) return undefined;
  const [rotation, user, team, organization] = await Promise.all([
    findRotationSuccessor(db, key),
    key.userId ? findUserById(db, key.userId) : undefined,
    key.teamId ? findTeamById(db, key.teamId) : undefined,
    key.organizationId ? findOrganizationById(db, key.organizationId) : undefined,
  ]);
  const [org, member] = await Promise.all([
    organization ?? (team?.organizationId ? findOrganizationById(db, team.organizationId) : undefined),
    memberLimits(db, team?.id, user?.id),
  ]);
  // Organizations keep their limits in a budget row; their spend counter is their own.
  const orgBudget = await findBudgetById(db, org?.budgetId);
  const orgLimits: Limited | undefined = org && orgBudget ? { ...orgBudget, spend: org.spend } : undefined;
  // A regenerated key in its grace period counts against its successor's limits and budget: one set of counters.
  const limitKey = rotation?.key ?? key;
  const entities: [ScopeOwner, Limited | undefined][] = [
    [{ entity: 'key', id: limitKey.hash }, limitKey],
    [{ entity: 'user', id: String(user?.id) }, user],
    [{ entity: 'team', id: String(team?.id) }, team],
    [{ entity: 'org', id: String(org?.id) }, orgLimits],
    // The user's own budget in the team (`max_budget_in_team`), held to what they spent there.
    [{ entity: 'team_member', id: `${team?.id}/${user?.id}`, ...(team && user ? { member: { teamId: team.id, userId: user.id } } : {}) }, member],
  ];
  const tags = tagsOf(key, team?.metadata.tags);
  const keyLogging = loggingOwnerOf(key.metadata, key.alias ?? `${hash.slice(0, 12)}…`, cipher);
  const teamLogging = team ? loggingOwnerOf(team.metadata, team.alias ?? team.id, cipher) : undefined;
  return {
    principal: {
      kind: 'virtual_key',
      keyHash: hash,
      ...(rotation ? { budgetKeyHash: limitKey.hash } : {}),
      ...(key.alias ? { keyAlias: key.alias } : {}),
      ...(user ? { userId: user.id, userRole: user.role } : {}),
      ...(team ? { teamId: team.id } : {}),
      ...(org ? { organizationId: org.id } : {}),
      models: key.models,
      aliases: { ...(team?.modelAliases ?? {}), ...key.aliases },
      ...(tags.length > 0 ? { tags } : {}),
      ...(key.allowedRoutes.length > 0 ? { allowedRoutes: key.allowedRoutes } : {}),
      ...(keyLogging || teamLogging ? { logging: { ...(keyLogging ? { key: keyLogging } : {}), ...(teamLogging ? { team: teamLogging } : {}) } } : {}),
    },
    // A user deactivated through SCIM loses every key, including one made after the deactivation.
    blocked: key.blocked || limitKey.blocked || (user !== undefined && isUserDeactivated(user)),
    ...(rotation ? { dependsOn: rotation.chain } : {}),
    ...(key.expiresAt ? { expiresAt: key.expiresAt.getTime() } : {}),
    teamBlocked: team?.blocked ?? false,
    ...guardrailMetadataOf(key.metadata, team?.metadata),
    ...(key.metadata?.allow_client_mock_response === true || team?.metadata.allow_client_mock_response === true ? { allowClientMockResponse: true as const } : {}),
    // A team key answers to its team's list, a personal key to its user's (LiteLLM's parent for each).
    modelLists: [key.models, team ? team.models : (user?.models ?? []), org?.models ?? []],
    rateScopes: entities.flatMap(([id, row]) => (row ? (rateScope(id, row) ?? []) : [])),
    budgets: entities.flatMap(([id, row]) => (row ? (budgetLine(id, row) ?? []) : [])),
  };
}

/** The key's tags (keyTagsOf) and its team's (`tags` in the team's metadata), each once. */
function tagsOf(key: { tags: readonly string[]; metadata?: Record<string, unknown> | null }, teamTags: unknown): string[] {
  return [...new Set([...keyTagsOf(key.tags, key.metadata), ...tagListOf(teamTags)])];
}

/** Only the fields the guardrails read, so a cached key context holds no more of the metadata than it needs. */
function guardrailFields(metadata: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!metadata) return undefined;
  const picked: Record<string, unknown> = {};
  if (metadata.guardrails !== undefined) picked.guardrails = metadata.guardrails;
  if (metadata.disable_global_guardrails !== undefined) picked.disable_global_guardrails = metadata.disable_global_guardrails;
  return Object.keys(picked).length > 0 ? picked : undefined;
}

function guardrailMetadataOf(keyMetadata: Record<string, unknown> | undefined, teamMetadata: Record<string, unknown> | undefined): Pick<KeyContext, 'guardrailMetadata'> {
  const key = guardrailFields(keyMetadata);
  const team = guardrailFields(teamMetadata);
  return key || team ? { guardrailMetadata: { ...(key ? { key } : {}), ...(team ? { team } : {}) } } : {};
}
