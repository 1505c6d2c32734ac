import type { DeploymentSource } from './build-gateway-config.ts';
import type { TeamModelOwner } from './team-model.ts';
import type { CacheSettings } from './cache-settings.ts';
import type { PassThroughEndpoint } from './pass-through-endpoints.ts';

/** The resolved config the gateway runs on: env references resolved, defaults applied, names normalized. */
export type RoutingStrategy = 'simple-shuffle' | 'least-busy' | 'usage-based-routing' | 'latency-based-routing' | 'cost-based-routing';

export interface ModelPrices {
  /** USD per token. */
  inputPerToken?: number;
  outputPerToken?: number;
  cacheReadPerToken?: number;
  cacheCreationPerToken?: number;
  reasoningPerToken?: number;
  /** USD per input character: text-to-speech (`input_cost_per_character`). */
  inputPerCharacter?: number;
  /** USD per second of audio: transcription (`input_cost_per_second`, `output_cost_per_second`). */
  inputPerSecond?: number;
  outputPerSecond?: number;
  /** A positive audio duration is billed as at least this many seconds (`minimum_billable_duration_seconds`). */
  minimumBillableSeconds?: number;
  /** USD per generated image (`output_cost_per_image`). */
  outputPerImage?: number;
}

export interface Deployment {
  /** Stable id: `model_info.id`, or a hash of the model group and its non-secret params. */
  id: string;
  /** The public name clients send (`model_name`): the model group. */
  modelGroup: string;
  provider: string;
  /**
   * The upstream model name. `*` in it (with `*` in modelGroup: a wildcard deployment, `model_name: "*"` or
   * `anthropic/*`) is replaced by what the request's model matched.
   */
  model: string;
  apiBase?: string;
  apiKey?: string;
  rpm?: number;
  tpm?: number;
  weight?: number;
  timeoutMs: number;
  streamTimeoutMs?: number;
  /** The provider SDK's own retries in LiteLLM (`max_retries`); here the router's retries count instead. */
  maxRetries?: number;
  /** Extra calls a failure on this deployment allows within its group (`num_retries`); the router's when absent. */
  numRetries?: number;
  /** `litellm_params.tags`: with `router_settings.enable_tag_filtering`, the request tags this deployment serves. */
  tags?: readonly string[];
  /** `model_info.access_groups`: names a key's or team's `models` may use to allow this model group. */
  accessGroups?: readonly string[];
  /** A team's own deployment (`model_info.team_id`): modelGroup is then internal (team-model.ts). */
  team?: TeamModelOwner;
  prices: ModelPrices;
  /** The other `litellm_params` entries, for the provider adapter. */
  params: Record<string, unknown>;
  /** `model_info` as given (minus prices), returned by `/v1/models` extras and `/model/info`. */
  modelInfo: Record<string, unknown>;
  /** Where it came from: the config file or the database. */
  source: 'config' | 'db';
}

export interface RouterSettings {
  routingStrategy: RoutingStrategy;
  numRetries: number;
  fallbacks: Record<string, string[]>;
  contextWindowFallbacks: Record<string, string[]>;
  contentPolicyFallbacks: Record<string, string[]>;
  defaultFallbacks: string[];
  allowedFails: number;
  cooldownMs: number;
  timeoutMs: number;
  streamTimeoutMs?: number;
  /** Base delay between retries; doubled per attempt with jitter. */
  retryBackoffMs: number;
  modelGroupAlias: Record<string, string>;
  /** `enable_tag_filtering`: requests go to the deployments tagged with one of their tags (router/src/tag-filter.ts). */
  tagFiltering: boolean;
  redisUrl?: string;
}

export interface GatewaySettings {
  dropParams: boolean;
  masterKey?: string;
  databaseUrl?: string;
  storeModelInDb: boolean;
  allowRequestsOnDbUnavailable: boolean;
  disableSpendLogs: boolean;
  /**
   * `general_settings.store_prompts_in_spend_logs` (else STORE_PROMPTS_IN_SPEND_LOGS=true): every spend row keeps the
   * request and its answer, strings longer than `maxStoredStringLength` (MAX_STRING_LENGTH_PROMPT_IN_DB, 2048) cut.
   * `/config/update` may turn it on or off while the gateways run (storedPromptsOverride).
   */
  storePromptsInSpendLogs: boolean;
  maxStoredStringLength: number;
  /**
   * `litellm_settings.turn_off_message_logging`: no message content leaves the gateway's call (logging callbacks and
   * spans read it themselves), and no spend row keeps a request or an answer, whatever storePromptsInSpendLogs says.
   */
  turnOffMessageLogging: boolean;
  maxRequestBytes: number;
  perKeyMetrics: boolean;
  defaultPricePerToken?: { input: number; output: number };
  /** `general_settings.pass_through_endpoints`: custom routes relayed to their target (built-in paths left out). */
  passThroughEndpoints: PassThroughEndpoint[];
  /** `litellm_settings.cache` with `cache_params`: the response cache, when on. */
  cache?: CacheSettings;
}

export interface GatewayConfig {
  deployments: Deployment[];
  /** The parsed model and credential lists `deployments` came from (absent in configs built by hand in tests). */
  deploymentSource?: DeploymentSource;
  router: RouterSettings;
  settings: GatewaySettings;
  /**
   * The sections other libs read themselves (telemetry's callbacks, the guardrails list), env references
   * resolved: `router_settings`, `litellm_settings`, `general_settings`, `callback_settings`, `guardrails`.
   */
  sections: { routerSettings: Record<string, unknown>; litellmSettings: Record<string, unknown>; generalSettings: Record<string, unknown>; callbackSettings?: unknown; guardrails?: unknown };
  /** Unknown keys and other non-fatal findings, to log at startup. */
  warnings: string[];
  /** The file it came from, if any. */
  path?: string;
}

/** A deployment's region (`litellm_params.region_name`), as LiteLLM's end-user region routing reads it. */
export function regionOf(deployment: Pick<Deployment, 'params'>): string | undefined {
  const region = deployment.params.region_name;
  return typeof region === 'string' ? region : undefined;
}
