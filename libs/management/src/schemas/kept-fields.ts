import { z } from 'zod';
import { duration, jsonObject, limit, money, name, nameList, text } from './common.ts';

/**
 * Fields of LiteLLM's management request models (litellm/proxy/_types.py) that Switchboard accepts and keeps
 * but does not act on yet. Each is stored in the object's `metadata` under its own name (where LiteLLM keeps
 * most of them too), named in a warning log line, and, when it carries privilege, bounded like any other
 * privileged metadata key (permissions/privileged-metadata.ts). A value equal to LiteLLM's default (empty
 * list or map, `false`, `"default"`) is what every SDK sends when the caller set nothing: it is not kept.
 */
const limitMap = () => z.record(name(), limit()).refine((value) => Object.keys(value).length <= 256, 'at most 256 entries');
const objectList = () => z.array(jsonObject()).max(256, 'at most 256 entries');
const throughput = () => z.enum(['guaranteed_throughput', 'best_effort_throughput', 'dynamic']);

/** GenerateRequestBase: shared by keys and users (a user's first key is made from them). */
const generateRequestBase = {
  agent_id: name(),
  allowed_cache_controls: nameList(),
  config: jsonObject(),
  permissions: jsonObject(),
  model_rpm_limit: limitMap(),
  model_tpm_limit: limitMap(),
  guardrails: nameList(),
  policies: nameList(),
  prompts: nameList(),
  object_permission: jsonObject(),
};

/** KeyRequestBase, GenerateKeyRequest and UpdateKeyRequest. */
export const KEPT_KEY_FIELDS = {
  ...generateRequestBase,
  enforced_params: nameList(),
  allowed_passthrough_routes: nameList(),
  allowed_vector_store_indexes: objectList(),
  rpm_limit_type: throughput(),
  tpm_limit_type: throughput(),
  router_settings: jsonObject(),
  access_group_ids: nameList(),
  send_invite_email: z.boolean(),
  key_type: z.enum(['llm_api', 'management', 'read_only', 'default']),
  auto_rotate: z.boolean(),
  rotation_interval: duration(),
  project_id: name(),
  temp_budget_increase: money(),
  temp_budget_expiry: text(64),
};

/** NewUserRequest and UpdateUserRequest beyond what users and their first key act on. */
export const KEPT_USER_FIELDS = {
  ...generateRequestBase,
  send_invite_email: z.boolean(),
  sso_user_id: name(),
  organizations: nameList(),
};

/** NewTeamRequest and UpdateTeamRequest. */
export const KEPT_TEAM_FIELDS = {
  admins: z.array(z.unknown()).max(1_000),
  members: z.array(z.unknown()).max(1_000),
  router_settings: jsonObject(),
  access_group_ids: nameList(),
  tags: nameList(),
  guardrails: nameList(),
  policies: nameList(),
  prompts: nameList(),
  object_permission: jsonObject(),
  allowed_passthrough_routes: nameList(),
  secret_manager_settings: jsonObject(),
  model_rpm_limit: limitMap(),
  model_tpm_limit: limitMap(),
  rpm_limit_type: throughput(),
  tpm_limit_type: throughput(),
  team_member_budget: money(),
  team_member_rpm_limit: limit(),
  team_member_tpm_limit: limit(),
  team_member_key_duration: duration(),
  team_member_budget_duration: duration(),
  allowed_vector_store_indexes: objectList(),
  enforced_batch_output_expires_after: jsonObject(),
  enforced_file_expires_after: jsonObject(),
};

/** NewOrganizationRequest / UpdateOrganizationRequest. */
export const KEPT_ORGANIZATION_FIELDS = {
  model_rpm_limit: limitMap(),
  model_tpm_limit: limitMap(),
  object_permission: jsonObject(),
};

/** NewCustomerRequest / UpdateCustomerRequest. */
export const KEPT_CUSTOMER_FIELDS = {
  allowed_model_region: z.enum(['eu', 'us']),
  default_model: name(),
  object_permission: jsonObject(),
};

/** Optional in the request: the tables above are spread into request shapes. */
export function optionalFields<S extends z.ZodRawShape>(shape: S): { [K in keyof S]: z.ZodOptional<S[K]> } {
  return Object.fromEntries(Object.entries(shape).map(([field, schema]) => [field, schema.optional()])) as { [K in keyof S]: z.ZodOptional<S[K]> };
}

const isDefaultValue = (value: unknown) =>
  value === undefined || value === null || value === false || value === 'default' || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);

/** The kept fields the request gave a value for, by name. */
export function keptValues(body: Record<string, unknown>, table: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(table).flatMap((field) => (isDefaultValue(body[field]) ? [] : [[field, body[field]]])));
}

/** The request without the kept fields (what the handler acts on). */
export function withoutKept<T extends Record<string, unknown>>(body: T, table: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(body).filter(([field]) => !(field in table))) as T;
}
