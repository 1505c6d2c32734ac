import { createHash } from 'node:crypto';
import { checkWildcard } from './check-wildcard.ts';
import { parseCacheSettings, type CacheSettings } from './cache-settings.ts';
import { ConfigError } from './config-error.ts';
import { configFileSchema, type ConfigFile, type DeploymentEntry } from './config-schema.ts';
import { storedCredentialOf, withCredential, type CredentialEntry, type CredentialSet } from './stored-credentials.ts';
import type { Deployment, GatewayConfig, GatewaySettings } from './gateway-config.ts';
import {
  DEPLOYMENT_KEYS,
  GENERAL_SETTINGS_KEYS,
  LITELLM_PARAMS_KEYS,
  LITELLM_SETTINGS_KEYS,
  MODEL_INFO_KEYS,
  ROUTER_SETTINGS_KEYS,
  TOP_LEVEL_KEYS,
  unknownKeys,
} from './known-keys.ts';
import { parsePassThroughEndpoints } from './pass-through-endpoints.ts';
import { resolveEnvReferences } from './resolve-env-references.ts';
import { splitModel } from './split-model.ts';
import { teamModelGroup, teamOwnerOf } from './team-model.ts';
import { defaultTimeoutS, fallbackWarnings, routerSettingsOf } from './router-settings-of.ts';

const SECRET_PARAM = /key|secret|token|password|credential/i;
const DEFAULT_MAX_REQUEST_MB = 32;

function deploymentId(entry: DeploymentEntry, params: Record<string, unknown>): string {
  const given = entry.model_info?.id;
  if (given !== undefined) return String(given);
  const publicParams = Object.fromEntries(Object.entries(params).filter(([key]) => !SECRET_PARAM.test(key)).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify([entry.model_name, publicParams])).digest('hex').slice(0, 16);
}

function ownParamsOf(entry: DeploymentEntry, index: number): Record<string, unknown> & { model: string } {
  const raw = entry.litellm_params ?? entry.params;
  if (!raw) throw new ConfigError(`model_list[${index}]: litellm_params is required`);
  return raw;
}

/** `resolved` are the entry's params with its stored credential filled in; the id stays the entry's own. */
function toDeployment(entry: DeploymentEntry, index: number, defaultTimeoutS: number, resolved: DeploymentEntry['litellm_params'] = ownParamsOf(entry, index)): Deployment {
  const raw = resolved as NonNullable<DeploymentEntry['litellm_params']>;
  const { model, api_key, api_base, base_url, rpm, tpm, weight, timeout, stream_timeout, max_retries, num_retries, input_cost_per_token, output_cost_per_token, output_cost_per_image, custom_llm_provider, tags, ...rest } = raw;
  const info = entry.model_info ?? {};
  const {
    input_cost_per_token: infoIn,
    output_cost_per_token: infoOut,
    cache_read_input_token_cost,
    cache_creation_input_token_cost,
    output_cost_per_reasoning_token,
    input_cost_per_character,
    input_cost_per_second,
    output_cost_per_second,
    minimum_billable_duration_seconds,
    output_cost_per_image: infoPerImage,
    ...modelInfo
  } = info;
  const outputPerImage = infoPerImage ?? output_cost_per_image;
  const retries = num_retries ?? max_retries;
  const { provider, model: upstreamModel } = splitModel(model, custom_llm_provider);
  const inputPerToken = infoIn ?? input_cost_per_token;
  const outputPerToken = infoOut ?? output_cost_per_token;
  const team = teamOwnerOf(entry.model_name, info);
  return {
    id: deploymentId(entry, ownParamsOf(entry, index)),
    modelGroup: team ? teamModelGroup(team) : entry.model_name,
    ...(team ? { team } : {}),
    provider,
    model: upstreamModel,
    ...(api_base ?? base_url ? { apiBase: (api_base ?? base_url) as string } : {}),
    ...(api_key !== undefined ? { apiKey: api_key } : {}),
    ...(rpm !== undefined ? { rpm } : {}),
    ...(tpm !== undefined ? { tpm } : {}),
    ...(weight !== undefined ? { weight } : {}),
    timeoutMs: Math.round((timeout ?? defaultTimeoutS) * 1000),
    ...(stream_timeout !== undefined ? { streamTimeoutMs: Math.round(stream_timeout * 1000) } : {}),
    ...(max_retries !== undefined ? { maxRetries: max_retries } : {}),
    // LiteLLM's SDK-level max_retries has no SDK here: it counts as the deployment's router retries.
    ...(retries !== undefined ? { numRetries: retries } : {}),
    ...(tags && tags.length > 0 ? { tags: [...new Set(tags)] } : {}),
    accessGroups: [...new Set(info.access_groups ?? [])],
    prices: {
      ...(inputPerToken !== undefined ? { inputPerToken } : {}),
      ...(outputPerToken !== undefined ? { outputPerToken } : {}),
      ...(cache_read_input_token_cost !== undefined ? { cacheReadPerToken: cache_read_input_token_cost } : {}),
      ...(cache_creation_input_token_cost !== undefined ? { cacheCreationPerToken: cache_creation_input_token_cost } : {}),
      ...(output_cost_per_reasoning_token !== undefined ? { reasoningPerToken: output_cost_per_reasoning_token } : {}),
      ...(input_cost_per_character !== undefined ? { inputPerCharacter: input_cost_per_character } : {}),
      ...(input_cost_per_second !== undefined ? { inputPerSecond: input_cost_per_second } : {}),
      ...(output_cost_per_second !== undefined ? { outputPerSecond: output_cost_per_second } : {}),
      ...(minimum_billable_duration_seconds !== undefined ? { minimumBillableSeconds: minimum_billable_duration_seconds } : {}),
      ...(outputPerImage !== undefined ? { outputPerImage } : {}),
    },
    params: rest,
    modelInfo,
    source: 'config',
  };
}

function collectWarnings(raw: Record<string, unknown>): string[] {
  const section = (key: string) => raw[key];
  const warnings = [
    ...unknownKeys(raw, TOP_LEVEL_KEYS, ''),
    ...unknownKeys(section('router_settings'), ROUTER_SETTINGS_KEYS, 'router_settings'),
    ...unknownKeys(section('litellm_settings'), LITELLM_SETTINGS_KEYS, 'litellm_settings'),
    ...unknownKeys(section('general_settings'), GENERAL_SETTINGS_KEYS, 'general_settings'),
  ];
  const list = Array.isArray(raw.model_list) ? raw.model_list : [];
  list.forEach((entry: unknown, i: number) => {
    warnings.push(...unknownKeys(entry, DEPLOYMENT_KEYS, `model_list[${i}]`));
    if (entry && typeof entry === 'object') {
      const e = entry as Record<string, unknown>;
      warnings.push(...unknownKeys(e.litellm_params ?? e.params, LITELLM_PARAMS_KEYS, `model_list[${i}].litellm_params`));
      warnings.push(...unknownKeys(e.model_info, MODEL_INFO_KEYS, `model_list[${i}].model_info`));
    }
  });
  return warnings;
}

function formatZodPath(path: (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/**
 * Turns a parsed config document (the reference's `config.yaml` format) into the gateway's config.
 * `env` supplies `os.environ/` references and the master key variables.
 */
/**
 * The stored credentials deployments may name: the file's `credential_list`, and `extra` (the database's) under
 * other names. A name in the file is the file's, as the management API shows it (and refuses to store it again).
 */
function credentialSetOf(list: readonly CredentialEntry[], extra: CredentialSet = new Map()): CredentialSet {
  const set = new Map(list.map((entry) => [entry.credential_name, storedCredentialOf(entry)] as const));
  for (const [name, credential] of extra) if (!set.has(name)) set.set(name, credential);
  return set;
}

/** What the deployments are built from, kept so a gateway can build them again when a stored credential changes. */
export interface DeploymentSource {
  entries: readonly DeploymentEntry[];
  defaultTimeoutS: number;
  credentials: readonly CredentialEntry[];
}

/**
 * Builds the deployments of `source` with its credentials and `extra` ones (the database's).
 * A deployment whose credential is missing or may not be used keeps none of it, and the reason is in `problems`.
 */
export function buildDeployments(source: DeploymentSource, extra?: CredentialSet): { deployments: Deployment[]; problems: { index: number; problem: string; missing: boolean }[] } {
  const credentials = credentialSetOf(source.credentials, extra);
  const problems: { index: number; problem: string; missing: boolean }[] = [];
  const deployments = source.entries.map((entry, index) => {
    const own = ownParamsOf(entry, index);
    const { params, problem } = withCredential(own, credentials);
    if (problem) problems.push({ index, problem, missing: !credentials.has(String(own.litellm_credential_name)) });
    return toDeployment(entry, index, source.defaultTimeoutS, params as typeof own);
  });
  return { deployments, problems };
}

/** LiteLLM's default for MAX_STRING_LENGTH_PROMPT_IN_DB. */
const DEFAULT_MAX_STORED_STRING = 2048;
const TRUE_WORDS = ['true', 'True', '1'];

/** `store_prompts_in_spend_logs` from the config, else LiteLLM's variable; the string limit from MAX_STRING_LENGTH_PROMPT_IN_DB. */
function storedPrompts(configured: boolean | null | undefined, messageLoggingOff: boolean, env: Readonly<Record<string, string | undefined>>, warnings: string[]): Pick<GatewaySettings, 'storePromptsInSpendLogs' | 'maxStoredStringLength' | 'turnOffMessageLogging'> {
  const raw = env.MAX_STRING_LENGTH_PROMPT_IN_DB;
  const parsed = raw === undefined || raw === '' ? DEFAULT_MAX_STORED_STRING : Number(raw);
  const valid = Number.isSafeInteger(parsed) && parsed > 0;
  if (!valid) warnings.push(`MAX_STRING_LENGTH_PROMPT_IN_DB: ${JSON.stringify(raw)} is not a whole number of characters above 0; ${DEFAULT_MAX_STORED_STRING} is used`);
  const store = configured ?? TRUE_WORDS.includes(env.STORE_PROMPTS_IN_SPEND_LOGS ?? '');
  if (store && messageLoggingOff) warnings.push('store_prompts_in_spend_logs: litellm_settings.turn_off_message_logging is set too, and wins: spend rows keep no request or answer');
  return { storePromptsInSpendLogs: store, maxStoredStringLength: valid ? parsed : DEFAULT_MAX_STORED_STRING, turnOffMessageLogging: messageLoggingOff };
}

export function buildGatewayConfig(document: unknown, env: Readonly<Record<string, string | undefined>>, path?: string, extraCredentials?: CredentialSet): GatewayConfig {
  const raw = document === null || document === undefined ? {} : document;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError('the config file must be a YAML mapping');
  const warnings = collectWarnings(raw as Record<string, unknown>);
  const resolved = resolveEnvReferences(raw, env);
  const parsed = configFileSchema.safeParse(resolved);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? formatZodPath(issue.path) : 'config';
    throw new ConfigError(`${where || 'config'}: ${issue?.message ?? 'invalid'}`);
  }
  const file: ConfigFile = parsed.data;
  const { router_settings: rs, litellm_settings: ls, general_settings: gs } = file;
  const source: DeploymentSource = { entries: file.model_list, defaultTimeoutS: defaultTimeoutS(rs, ls), credentials: file.credential_list };
  const names = new Set<string>();
  for (const entry of file.credential_list) {
    if (names.has(entry.credential_name)) throw new ConfigError(`credential_list: two credentials are named ${entry.credential_name}`);
    names.add(entry.credential_name);
  }
  const { deployments, problems } = buildDeployments(source, extraCredentials);
  for (const { index, problem, missing } of problems) {
    // A file deployment that may not use a file credential is the file's own mistake. A credential the file does not
    // have may be the database's (the gateway builds the deployments again with them); one of the database's that a
    // deployment may not use is reported, not fatal: one stored credential must not stop every deployment loading.
    if (!missing && names.has(String(ownParamsOf(source.entries[index]!, index).litellm_credential_name))) throw new ConfigError(`model_list[${index}].litellm_params.litellm_credential_name: ${problem}`);
    warnings.push(`model_list[${index}].litellm_params.litellm_credential_name: ${problem}; the deployment goes without it`);
  }

  const seen = new Set<string>();
  for (const deployment of deployments) {
    if (seen.has(deployment.id)) throw new ConfigError(`model_list: two deployments share the id ${deployment.id} (model_info.id must be unique)`);
    seen.add(deployment.id);
  }

  for (const deployment of deployments) {
    if (!deployment.team) continue;
    // A team model is one name for one team: a pattern would serve names the team was never given, and an access
    // group would make it part of a grant the proxy admin hands to others.
    if (deployment.team.publicName.includes('*')) throw new ConfigError(`model_list: ${deployment.team.publicName} is a team model (model_info.team_id) and cannot be a wildcard`);
    if ((deployment.accessGroups ?? []).length > 0) throw new ConfigError(`model_list: ${deployment.team.publicName} is a team model (model_info.team_id) and cannot be in access groups`);
  }
  deployments.forEach(checkWildcard);
  const groups = new Set(deployments.map((d) => d.modelGroup));
  for (const deployment of deployments) {
    for (const name of deployment.accessGroups ?? []) {
      // One name in a `models` list must mean one thing: a model group or an access group, never both.
      if (groups.has(name)) throw new ConfigError(`model_list: access group "${name}" (model_info.access_groups of ${deployment.modelGroup}) is also a model_name; rename one of them`);
    }
  }
  const router = routerSettingsOf(rs, ls);
  warnings.push(...fallbackWarnings(router, groups));

  const masterKey = gs.master_key ?? env.SWITCHBOARD_MASTER_KEY ?? env.LITELLM_MASTER_KEY;
  if (masterKey !== undefined && masterKey !== '' && !masterKey.startsWith('sk-')) throw new ConfigError('master key: it must start with "sk-"');
  return {
    deployments,
    deploymentSource: source,
    router,
    settings: {
      dropParams: ls.drop_params ?? false,
      ...(masterKey ? { masterKey } : {}),
      ...(gs.database_url ? { databaseUrl: gs.database_url } : {}),
      storeModelInDb: gs.store_model_in_db ?? ['true', 'True', '1'].includes(env.STORE_MODEL_IN_DB ?? ''),
      allowRequestsOnDbUnavailable: gs.allow_requests_on_db_unavailable ?? false,
      disableSpendLogs: gs.disable_spend_logs ?? false,
      ...storedPrompts(gs.store_prompts_in_spend_logs, ls.turn_off_message_logging ?? false, env, warnings),
      maxRequestBytes: Math.round((gs.max_request_size_mb ?? DEFAULT_MAX_REQUEST_MB) * 1024 * 1024),
      perKeyMetrics: gs.per_key_metrics ?? false,
      ...(ls.default_price_per_token ? { defaultPricePerToken: ls.default_price_per_token } : {}),
      passThroughEndpoints: parsePassThroughEndpoints(gs.pass_through_endpoints, env, warnings),
      ...optionalCache(parseCacheSettings(ls.cache, (ls as Record<string, unknown>).cache_params, env, router.redisUrl, warnings)),
    },
    sections: {
      routerSettings: rs as Record<string, unknown>,
      litellmSettings: ls as Record<string, unknown>,
      generalSettings: gs as Record<string, unknown>,
      ...(file.callback_settings !== undefined ? { callbackSettings: file.callback_settings } : {}),
      ...(file.guardrails !== undefined ? { guardrails: file.guardrails } : {}),
    },
    warnings,
    ...(path ? { path } : {}),
  };
}

const optionalCache = (cache: CacheSettings | undefined) => (cache ? { cache } : {});
