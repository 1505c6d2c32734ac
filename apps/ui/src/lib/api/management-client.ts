import { dailyActivityRows } from './daily-activity-rows.ts';
import { apiRequest } from './http.ts';
import type {
  AlertingUpdate,
  ConfigCallbacks,
  TagInfo,
  CredentialInfo,
  CredentialInput,
  AuditPage,
  BudgetInfo,
  BudgetList,
  CustomerInfo,
  CustomerList,
  DailyActivity,
  LiteLLMDailyActivity,
  GeneratedKey,
  GlobalSpend,
  KeyInfo,
  KeyList,
  LoginResult,
  ModelDeployment,
  ModelGroup,
  NewUserResult,
  OrganizationDetail,
  OrganizationInfo,
  OrganizationList,
  ReportGroup,
  Session,
  SpendLogPage,
  SpendReport,
  TeamDetail,
  TeamInfo,
  TeamList,
  TeamRole,
  UserDetail,
  UserInfo,
  UserList,
  UserRole,
} from './types.ts';

/**
 * The dashboard's one client for the management API (SPEC §7, libs/management): every path and request
 * field the pages use is spelled here and nowhere else.
 */

export interface PageQuery {
  page?: number;
  size?: number;
}

/** The limit fields the create/edit forms send; `null` clears a field, a missing one leaves it alone. */
export interface BudgetInput {
  max_budget?: number | null;
  soft_budget?: number | null;
  budget_duration?: string | null;
  rpm_limit?: number | null;
  tpm_limit?: number | null;
  max_parallel_requests?: number | null;
}

export interface TagInput extends BudgetInput {
  name: string;
  description?: string | null;
  models?: string[];
}

export interface KeyInput extends BudgetInput {
  key_alias?: string | null;
  models?: string[];
  team_id?: string | null;
  user_id?: string | null;
  /** Expiry from now: "30d"; `null` = never. */
  duration?: string | null;
  metadata?: Record<string, unknown>;
  /** Guardrails every call with the key runs (names from the config's `guardrails:`). */
  guardrails?: string[];
}

export interface TeamInput extends BudgetInput {
  team_alias?: string | null;
  organization_id?: string | null;
  models?: string[];
  /** Guardrails every call of the team's keys runs. */
  guardrails?: string[];
}

export interface UserInput extends BudgetInput {
  user_email?: string | null;
  user_alias?: string | null;
  user_role?: UserRole;
  models?: string[];
  password?: string;
}

export interface OrganizationInput extends BudgetInput {
  organization_alias?: string;
  models?: string[];
}

export interface ModelInput {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info?: Record<string, unknown>;
}

export type DateRange = { start_date: string; end_date: string };

export const managementApi = {
  // Session (libs/management/src/routes/login-routes.ts)
  login: (credentials: { master_key: string } | { username: string; password: string }) =>
    apiRequest<LoginResult>('POST', '/login', { body: credentials, redirectOnUnauthorized: false }),
  logout: () => apiRequest<{ logged_out: boolean }>('POST', '/logout', { redirectOnUnauthorized: false }),
  session: (options: { redirectOnUnauthorized?: boolean } = {}) => apiRequest<Session>('GET', '/login/session', options),

  // Virtual keys
  listKeys: (query: PageQuery & { key_alias?: string; team_id?: string; user_id?: string; organization_id?: string } = {}) =>
    // LiteLLM lists only the keys' hashes unless asked for the whole objects.
    apiRequest<KeyList>('GET', '/key/list', { query: { ...query, return_full_object: true } }),
  keyInfo: (key: string) => apiRequest<{ key: string; info: KeyInfo }>('GET', '/key/info', { query: { key } }),
  generateKey: (input: KeyInput) => apiRequest<GeneratedKey>('POST', '/key/generate', { body: input }),
  updateKey: (key: string, input: KeyInput) => apiRequest<KeyInfo>('POST', '/key/update', { body: { key, ...input } }),
  deleteKeys: (keys: string[]) => apiRequest<{ deleted_keys: string[] }>('POST', '/key/delete', { body: { keys } }),
  blockKey: (key: string) => apiRequest<KeyInfo>('POST', '/key/block', { body: { key } }),
  unblockKey: (key: string) => apiRequest<KeyInfo>('POST', '/key/unblock', { body: { key } }),
  regenerateKey: (key: string, gracePeriod?: string) =>
    apiRequest<GeneratedKey>('POST', '/key/regenerate', { body: { key, ...(gracePeriod ? { grace_period: gracePeriod } : {}) } }),

  // Internal users
  listUsers: ({ size, ...query }: PageQuery & { role?: UserRole; user_email?: string } = {}) => apiRequest<UserList>('GET', '/user/list', { query: { ...query, page_size: size } }),
  userInfo: (userId?: string) => apiRequest<UserDetail>('GET', '/user/info', { query: { user_id: userId } }),
  newUser: (input: UserInput & { user_id?: string; teams?: string[]; auto_create_key?: boolean }) =>
    apiRequest<NewUserResult>('POST', '/user/new', { body: input }),
  updateUser: (userId: string, input: UserInput) => apiRequest<UserInfo>('POST', '/user/update', { body: { user_id: userId, ...input } }),
  deleteUsers: (userIds: string[]) => apiRequest<{ deleted_users: string[] }>('POST', '/user/delete', { body: { user_ids: userIds } }),

  // Teams
  // LiteLLM's paged team list (its `/team/list` answers every team at once).
  listTeams: ({ size, ...query }: PageQuery & { organization_id?: string; team_alias?: string } = {}) => apiRequest<TeamList>('GET', '/v2/team/list', { query: { ...query, page_size: size } }),
  teamInfo: (teamId: string) => apiRequest<TeamDetail>('GET', '/team/info', { query: { team_id: teamId } }),
  newTeam: (input: TeamInput & { members_with_roles?: Array<{ role: TeamRole; user_id?: string; user_email?: string }> }) =>
    apiRequest<TeamInfo>('POST', '/team/new', { body: input }),
  updateTeam: (teamId: string, input: TeamInput) => apiRequest<TeamInfo>('POST', '/team/update', { body: { team_id: teamId, ...input } }),
  deleteTeams: (teamIds: string[]) => apiRequest<{ deleted_teams: string[] }>('POST', '/team/delete', { body: { team_ids: teamIds } }),
  blockTeam: (teamId: string) => apiRequest<TeamInfo>('POST', '/team/block', { body: { team_id: teamId } }),
  unblockTeam: (teamId: string) => apiRequest<TeamInfo>('POST', '/team/unblock', { body: { team_id: teamId } }),
  addTeamMember: (teamId: string, member: { role: TeamRole; user_id?: string; user_email?: string }) =>
    apiRequest<TeamInfo>('POST', '/team/member_add', { body: { team_id: teamId, member } }),
  removeTeamMember: (teamId: string, userId: string) => apiRequest<TeamInfo>('POST', '/team/member_delete', { body: { team_id: teamId, user_id: userId } }),
  addTeamModels: (teamId: string, models: string[]) => apiRequest<TeamInfo>('POST', '/team/model/add', { body: { team_id: teamId, models } }),
  removeTeamModels: (teamId: string, models: string[]) => apiRequest<TeamInfo>('POST', '/team/model/delete', { body: { team_id: teamId, models } }),

  // Organizations
  // LiteLLM's /organization/list answers a plain list (one page of it); the page is rebuilt around it. A full
  // page may have a successor, so the total then counts one more row, which makes the pager offer it.
  listOrganizations: async (query: PageQuery & { organization_alias?: string } = {}): Promise<OrganizationList> => {
    const organizations = await apiRequest<OrganizationInfo[]>('GET', '/organization/list', { query: { ...query } });
    const page = query.page ?? 1;
    const size = query.size ?? 500;
    return { organizations, total: (page - 1) * size + organizations.length + (organizations.length === size ? 1 : 0), page, page_size: size };
  },
  organizationInfo: (organizationId: string) => apiRequest<OrganizationDetail>('GET', '/organization/info', { query: { organization_id: organizationId } }),
  newOrganization: (input: OrganizationInput & { organization_alias: string }) => apiRequest<OrganizationInfo>('POST', '/organization/new', { body: input }),
  updateOrganization: (organizationId: string, input: { organization_alias?: string; models?: string[] }) =>
    apiRequest<OrganizationInfo>('POST', '/organization/update', { body: { organization_id: organizationId, ...input } }),
  deleteOrganizations: (organizationIds: string[]) =>
    apiRequest<{ deleted_organizations: string[] }>('POST', '/organization/delete', { body: { organization_ids: organizationIds } }),

  // Budgets and end users
  listBudgets: (query: PageQuery = {}) => apiRequest<BudgetList>('GET', '/budget/list', { query: { ...query } }),
  newBudget: (input: BudgetInput & { budget_id?: string }) => apiRequest<BudgetInfo>('POST', '/budget/new', { body: input }),
  listCustomers: (query: PageQuery = {}) => apiRequest<CustomerList>('GET', '/customer/list', { query: { ...query } }),
  newCustomer: (input: BudgetInput & { user_id: string; alias?: string | null; budget_id?: string | null; blocked?: boolean }) =>
    apiRequest<CustomerInfo>('POST', '/customer/new', { body: input }),

  // Managed tags (LiteLLM's /tag/*): routing, budgets and limits for every call carrying the tag.
  listTags: () => apiRequest<TagInfo[]>('GET', '/tag/list'),
  newTag: (input: TagInput) => apiRequest<TagInfo>('POST', '/tag/new', { body: input }),
  deleteTag: (name: string) => apiRequest<{ message: string }>('POST', '/tag/delete', { body: { name } }),

  // The router settings and alerting in force (LiteLLM's config endpoints); alerting changes live.
  configCallbacks: () => apiRequest<ConfigCallbacks>('GET', '/get/config/callbacks'),
  updateAlerting: (settings: AlertingUpdate) => apiRequest<{ message: string }>('POST', '/config/update', { body: { general_settings: settings } }),

  // Stored provider credentials (LiteLLM's /credentials): shown masked, named by deployments.
  listCredentials: () => apiRequest<{ success: boolean; credentials: CredentialInfo[] }>('GET', '/credentials'),
  newCredential: (input: CredentialInput) => apiRequest<{ success: boolean; message: string }>('POST', '/credentials', { body: input }),
  deleteCredential: (name: string) => apiRequest<{ success: boolean; message: string }>('DELETE', `/credentials/${encodeURIComponent(name)}`),

  // Models
  modelInfo: () => apiRequest<{ data: ModelDeployment[] }>('GET', '/model/info'),
  modelGroups: () => apiRequest<{ data: ModelGroup[] }>('GET', '/model_group/info'),
  newModel: (input: ModelInput) => apiRequest<ModelDeployment>('POST', '/model/new', { body: input }),
  updateModel: (modelId: string, input: Partial<ModelInput>) => apiRequest<ModelDeployment>('POST', '/model/update', { body: { model_id: modelId, ...input } }),
  deleteModel: (modelId: string) => apiRequest<{ deleted: string }>('POST', '/model/delete', { body: { id: modelId } }),

  // Spend and usage
  // LiteLLM's log page: its page size is `page_size`.
  spendLogs: ({ size, ...query }: PageQuery & { api_key?: string; user_id?: string; team_id?: string; request_id?: string; start_date?: string; end_date?: string } = {}) =>
    apiRequest<SpendLogPage>('GET', '/spend/logs/ui', { query: { ...query, page_size: size } }),
  globalSpend: (range: Partial<DateRange> = {}) => apiRequest<GlobalSpend>('GET', '/global/spend', { query: { ...range } }),
  spendReport: (range: DateRange, groupBy: ReportGroup) => apiRequest<SpendReport>('GET', '/spend/report', { query: { ...range, group_by: groupBy } }),
  // LiteLLM's daily activity (a day's metrics broken down by model), as the dashboard's rows: one per day and model.
  dailyActivity: async (scope: 'user' | 'team' | 'organization' | 'key', range: DateRange & { id?: string; model?: string }): Promise<DailyActivity> => {
    const param = scope === 'key' ? 'api_key' : `${scope}_id`;
    const answer = await apiRequest<LiteLLMDailyActivity>('GET', `/${scope}/daily/activity`, { query: { start_date: range.start_date, end_date: range.end_date, model: range.model, [param]: range.id } });
    return dailyActivityRows(scope, answer);
  },

  // Audit
  audit: (query: PageQuery & { table_name?: string; object_id?: string; actor?: string } = {}) => apiRequest<AuditPage>('GET', '/audit', { query: { ...query } }),
};

export type ManagementApi = typeof managementApi;
