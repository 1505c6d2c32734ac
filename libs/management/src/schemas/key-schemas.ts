import { z } from 'zod';
import { budgetFields, duration, durationSeconds, jsonObject, money, name, nameList, pageQuery, queryFlag, requestObject, stringMap, text } from './common.ts';
import { KEPT_KEY_FIELDS, optionalFields } from './kept-fields.ts';

/** A custom key value: `sk-` and URL-safe characters, long enough not to be guessed. */
const customKey = z.string().regex(/^sk-[A-Za-z0-9_-]{16,200}$/, 'must start with "sk-" followed by 16 to 200 letters, digits, "-" or "_"');

const keyFields = {
  key_alias: name().nullable().optional(),
  duration: duration().nullable().optional(),
  models: nameList().optional(),
  ...budgetFields,
  metadata: jsonObject().optional(),
  user_id: name().nullable().optional(),
  team_id: name().nullable().optional(),
  organization_id: name().nullable().optional(),
  budget_id: name().nullable().optional(),
  aliases: stringMap().optional(),
  allowed_routes: nameList().optional(),
  tags: nameList().optional(),
  blocked: z.boolean().optional(),
  /** The key's spend so far; setting it is an admin's correction. */
  spend: money().optional(),
  ...optionalFields(KEPT_KEY_FIELDS),
};

export const generateKeySchema = requestObject({ ...keyFields, key: customKey.optional() });
export type GenerateKeyInput = z.output<typeof generateKeySchema>;

/** A key is named by its raw value or its hash (what `/key/list` returns as `token`). */
export const keyRef = text(300).min(1, 'must not be empty');

export const updateKeySchema = requestObject({ key: keyRef, ...keyFields });
export type UpdateKeyInput = z.output<typeof updateKeySchema>;

/** LiteLLM's `BulkUpdateKeyRequest`: per key, its `BulkUpdateKeyRequestItem` fields only. */
export const bulkUpdateKeysSchema = requestObject({
  keys: z.array(requestObject({ key: keyRef, budget_id: keyFields.budget_id, max_budget: keyFields.max_budget, team_id: keyFields.team_id, tags: keyFields.tags })).min(1, 'give at least one key').max(500, 'at most 500 keys'),
});

export const deleteKeysSchema = requestObject({ keys: z.array(keyRef).max(100).optional(), key_aliases: z.array(name()).max(100).optional() })
  .refine((value) => (value.keys?.length ?? 0) + (value.key_aliases?.length ?? 0) > 0, 'give keys[] or key_aliases[]');

export const blockKeySchema = requestObject({ key: keyRef });

/**
 * A regenerated key's old value is meant to cover a rollout, not to live on as a second key: during the
 * grace period it shares the new key's limits and budget, and after at most 72 hours it stops.
 */
export const MAX_GRACE_PERIOD_SECONDS = 72 * 3600;
const gracePeriod = () =>
  duration().refine((value) => (durationSeconds(value) ?? 0) <= MAX_GRACE_PERIOD_SECONDS, 'must be at most 72h (e.g. "24h", "3d"): the old key only bridges a rollout');

const regenerateFields = {
  /** Custom value for the new key. */
  new_key: customKey.optional(),
  /** How long the old key keeps working, e.g. "1h"; none = it stops at once. At most 72h. */
  grace_period: gracePeriod().nullable().optional(),
};

export const regenerateKeySchema = requestObject({ key: keyRef, ...regenerateFields });

/** LiteLLM's `/key/{key}/regenerate`: the key is in the path; the body (optional) may name it again. */
export const regenerateKeyInPathSchema = requestObject({ key: keyRef.optional(), ...regenerateFields });

/** LiteLLM's `/key/{key}/reset_spend` body: the spend to set (USD), at least 0. */
export const resetSpendSchema = requestObject({ reset_to: z.number().finite().min(0, 'must be >= 0') });

export const keyInfoQuery = z.object({ key: keyRef.optional() }).strict();

/**
 * LiteLLM's `/key/list`: `keys` are the keys' hashes unless `return_full_object`; `include_team_keys` adds the keys of
 * the teams the caller is an admin of; `key_hash` (a hash or a raw key) finds one key.
 */
/** LiteLLM's `/key/aliases` query: a page of the aliases the caller's keys have, optionally of one team, containing `search`. */
export const keyAliasesQuery = z
  .object({ ...pageQuery, search: z.string().max(256).optional(), team_id: name().optional() })
  .strict();

export const keyListQuery = z
  .object({
    ...pageQuery,
    user_id: name().optional(),
    team_id: name().optional(),
    organization_id: name().optional(),
    key_alias: name().optional(),
    key_hash: keyRef.optional(),
    return_full_object: queryFlag().default('false'),
    include_team_keys: queryFlag().default('false'),
    sort_by: z.enum(['spend', 'max_budget', 'created_at', 'updated_at', 'token', 'key_alias']).optional(),
    sort_order: z.enum(['asc', 'desc']).default('desc'),
  })
  .strict();
