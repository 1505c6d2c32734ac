/**
 * The management API's response shapes as the dashboard uses them (libs/management/src/views and
 * routes). Only the fields the pages read are listed; when the backend renames one, fix it here.
 * Money arrives as JSON numbers, timestamps as ISO strings.
 */
export const USER_ROLES = ['proxy_admin', 'proxy_admin_viewer', 'internal_user', 'internal_user_viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const TEAM_ROLES = ['admin', 'user'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** How the id of the user a master-key login acts as starts (a random part follows); shown as "master key". */
export const MASTER_KEY_USER_ID_PREFIX = 'default_user_id-';

export function isMasterKeyUser(userId: string | null | undefined): boolean {
  return typeof userId === 'string' && userId.startsWith(MASTER_KEY_USER_ID_PREFIX);
}

export interface Session {
  user_id: string | null;
  user_role: UserRole;
  via: 'master_key' | 'key' | 'session';
}

export interface LoginResult {
  user_id: string;
  user_role: UserRole;
  expires: string;
}

/** Budget and limit fields shared by keys, users, teams and budgets. */
export interface BudgetFields {
  max_budget: number | null;
  soft_budget: number | null;
  budget_duration: string | null;
  budget_reset_at: string | null;
  max_parallel_requests: number | null;
  tpm_limit: number | null;
  rpm_limit: number | null;
  model_max_budget: Record<string, number> | null;
}

export interface KeyInfo extends BudgetFields {
  /** The key's SHA-256: how lists and the API name a key after creation. */
  token: string;
  /** Masked display form, `sk-...a1b2`. */
  key_name: string;
  key_alias: string | null;
  spend: number;
  model_spend: Record<string, number>;
  expires: string | null;
  models: string[];
  user_id: string | null;
  team_id: string | null;
  organization_id: string | null;
  budget_id: string | null;
  blocked: boolean;
  tags: string[];
  metadata: Record<string, unknown>;
  last_active: string | null;
  rotation_count: number;
  last_rotated_at: string | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

/** `/key/generate` and `/key/regenerate`: the record plus the raw key, shown once. */
export interface GeneratedKey extends KeyInfo {
  key: string;
  old_key_token?: string;
  old_key_expires?: string | null;
}

export interface KeyList {
  keys: KeyInfo[];
  total_count: number;
  current_page: number;
  total_pages: number;
}

export interface UserInfo extends BudgetFields {
  user_id: string;
  user_email: string | null;
  user_alias: string | null;
  user_role: UserRole;
  models: string[];
  spend: number;
  budget_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserDetail {
  user_id: string;
  user_info: UserInfo;
  keys: KeyInfo[];
  teams: Array<{ team_id: string; role: TeamRole }>;
}

export interface NewUserResult extends UserInfo {
  teams: string[];
  key?: string;
}

export interface UserList {
  users: UserInfo[];
  total: number;
  page: number;
  page_size: number;
  total_pages: number;
}

export interface TeamMember {
  user_id: string;
  role: TeamRole;
}

export interface TeamInfo extends BudgetFields {
  team_id: string;
  team_alias: string | null;
  organization_id: string | null;
  models: string[];
  spend: number;
  budget_id: string | null;
  blocked: boolean;
  members_with_roles: TeamMember[];
  created_at: string;
  metadata?: Record<string, unknown>;
}

export interface TeamDetail {
  team_id: string;
  team_info: TeamInfo;
  keys: KeyInfo[];
}

export interface Paged {
  total: number;
  page: number;
  page_size: number;
}

export interface TeamList extends Paged {
  teams: TeamInfo[];
}

export interface OrganizationInfo {
  organization_id: string;
  organization_alias: string;
  budget_id: string | null;
  models: string[];
  spend: number;
  created_at: string;
}

export interface OrganizationDetail extends OrganizationInfo {
  teams: TeamInfo[];
}

export interface OrganizationList extends Paged {
  organizations: OrganizationInfo[];
}

export interface BudgetInfo extends BudgetFields {
  budget_id: string;
  created_at: string;
}

export interface BudgetList extends Paged {
  budgets: BudgetInfo[];
}

export interface CustomerInfo {
  user_id: string;
  alias: string | null;
  blocked: boolean;
  budget_id: string | null;
  spend: number;
  litellm_budget_table: BudgetInfo | null;
  created_at: string;
}

export interface CustomerList extends Paged {
  customers: CustomerInfo[];
}

export interface ModelDeployment {
  model_name: string;
  /** Credentials come back masked as `********`. */
  litellm_params: Record<string, unknown> & { model?: string; api_base?: string };
  model_info: Record<string, unknown> & { id: string; db_model: boolean };
}

export interface ModelGroup {
  model_group: string;
  providers: string[];
  deployments: number;
}

export interface SpendLog {
  request_id: string;
  start_time: string;
  end_time: string;
  time_to_first_token_ms: number | null;
  /** The key's hash. */
  api_key: string | null;
  user_id: string | null;
  team_id: string | null;
  organization_id: string | null;
  end_user: string | null;
  model: string;
  model_group: string | null;
  provider: string | null;
  deployment_id: string | null;
  call_type: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  spend: number;
  status: 'success' | 'failure';
  /** LiteLLM's text form: "True" or "False". */
  cache_hit: 'True' | 'False';
  metadata: Record<string, unknown>;
  /** LiteLLM's names for some of the fields above. */
  startTime: string;
  endTime: string;
  completionStartTime: string;
  user: string;
  model_id: string | null;
  custom_llm_provider: string | null;
  cache_key: string | null;
  /** The request and the answer, with the gateway's store_prompts_in_spend_logs; `{}` otherwise. */
  proxy_server_request: Record<string, unknown>;
  response: Record<string, unknown>;
}

export interface SpendLogPage {
  data: SpendLog[];
  /** Counted up to 10,000 (`total_is_capped` past it). */
  total: number;
  page: number;
  page_size: number;
  total_pages: number;
  total_is_capped: boolean;
  has_more: boolean;
}

export interface GlobalSpend {
  spend: number;
  total_tokens: number;
  requests: number;
  max_budget: number | null;
}

export const REPORT_GROUPS = ['team', 'key', 'model', 'customer', 'user', 'organization', 'tag'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

export interface SpendReportRow {
  /** The entity id (team id, key hash, end-user id...) or model name. */
  group: string;
  spend: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  requests: number;
  successes: number;
  failures: number;
}

export interface SpendReport {
  group_by: ReportGroup;
  data: SpendReportRow[];
}

export interface DailyActivityRow {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  entity_type: string;
  entity_id: string;
  model: string;
  spend: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  requests: number;
  successes: number;
  failures: number;
}

export interface DailyActivity {
  results: DailyActivityRow[];
  metadata: { total_spend: number; total_tokens: number; total_requests: number };
}

/** LiteLLM's SpendMetrics. */
export interface LiteLLMSpendMetrics {
  spend: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  api_requests: number;
  successful_requests: number;
  failed_requests: number;
}

/** What `/{user,team,organization,key}/daily/activity` answer: LiteLLM's SpendAnalyticsPaginatedResponse. */
export interface LiteLLMDailyActivity {
  results: { date: string; metrics: LiteLLMSpendMetrics; breakdown: { models: Record<string, { metrics: LiteLLMSpendMetrics }> } }[];
  metadata: { total_spend: number; total_tokens: number; total_api_requests: number; page: number; total_pages: number; has_more: boolean };
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  actor_key_hash: string | null;
  action: string;
  table_name: string;
  object_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditPage extends Paged {
  data: AuditEntry[];
}

/** A tag as `/tag/list` shows it: a managed one (with its budget row, if any), or one calls carried that nobody manages (`models: null`). */
export interface TagInfo {
  name: string;
  description: string | null;
  models: string[] | null;
  spend?: number;
  created_by?: string;
  litellm_budget_table?: { max_budget: number | null; soft_budget: number | null; budget_duration: string | null; tpm_limit: number | null; rpm_limit: number | null; max_parallel_requests: number | null };
}

/** One alerting channel in force, as `/get/config/callbacks` lists it: webhooks masked to their origin. */
export interface AlertingInForce {
  name: string;
  variables: Record<string, string | null>;
  active_alerts: string[];
  alerts_to_webhook: Record<string, string[]>;
}

/** `/get/config/callbacks`: the router settings in force, the logging callbacks and the alerting, no secrets. */
export interface ConfigCallbacks {
  status: string;
  callbacks: unknown[];
  alerts: AlertingInForce[];
  router_settings: Record<string, unknown>;
}

/** `/config/update`'s alerting keys of `general_settings` (null: back to the config file's). */
export interface AlertingUpdate {
  alerting?: string[] | null;
  alert_types?: string[] | null;
  alert_to_webhook_url?: Record<string, string> | null;
  alerting_threshold?: number | null;
}

/** A stored provider credential as `/credentials` shows it: secrets masked, destination and version readable. */
export interface CredentialInfo {
  credential_name: string;
  credential_values: Record<string, unknown>;
  credential_info: Record<string, unknown>;
}

export interface CredentialInput {
  credential_name: string;
  credential_values: Record<string, string>;
  credential_info?: Record<string, string>;
}
