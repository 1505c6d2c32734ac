import { PASSTHROUGH_PROVIDERS } from '@switchboard/route-allowlist';

/**
 * LiteLLM's route group names (`LiteLLMRoutes`), usable in a key's `allowed_routes` instead of listing paths.
 * Patterns are exact paths or prefixes ending in `*`. As in LiteLLM, `llm_api_routes` includes the provider
 * passthrough prefixes (`/openai/*`, `/anthropic/*`, ...); `openai_routes` and `anthropic_routes` do not.
 */
const OPENAI_ROUTES = [
  '/v1/chat/completions',
  '/chat/completions',
  '/v1/completions',
  '/completions',
  '/v1/embeddings',
  '/embeddings',
  '/v1/moderations',
  '/moderations',
  '/v1/audio/*',
  '/audio/*',
  '/v1/images/*',
  '/images/*',
  '/v1/responses*',
  '/responses*',
  '/v1/models',
  '/models',
  '/v1/rerank',
  '/rerank',
  '/v1/files*',
  '/v1/batches*',
  '/v1/realtime',
  // Azure SDK paths: the data-plane call for model `{deployment}`, not passthrough.
  '/openai/deployments/*',
] as const;

const ANTHROPIC_ROUTES = ['/v1/messages*', '/messages*'] as const;

const INFO_ROUTES = [
  '/key/info',
  '/v2/key/info',
  '/user/info',
  '/team/info',
  '/model/info',
  '/v1/model/info',
  '/v2/model/info',
  '/model_group/info',
  '/v1/models',
  '/models',
] as const;

const SPEND_TRACKING_ROUTES = ['/spend/*', '/user/daily/activity', '/team/daily/activity', '/tag/daily/activity', '/daily/*', '/usage/*'] as const;
const GLOBAL_SPEND_TRACKING_ROUTES = ['/global/*'] as const;

const MANAGEMENT_ROUTES = [
  '/key/*',
  '/v2/key/*',
  '/user/*',
  '/team/*',
  '/organization/*',
  '/customer/*',
  '/end_user/*',
  '/budget/*',
  '/model/*',
  '/v2/model/*',
  '/model_group/*',
  '/audit*',
  '/credentials*',
  '/config/*',
] as const;

export const ROUTE_GROUPS: Readonly<Record<string, readonly string[]>> = {
  openai_routes: OPENAI_ROUTES,
  anthropic_routes: ANTHROPIC_ROUTES,
  llm_api_routes: [...OPENAI_ROUTES, ...ANTHROPIC_ROUTES, ...PASSTHROUGH_PROVIDERS.map((provider) => `/${provider}/*`)],
  info_routes: INFO_ROUTES,
  spend_tracking_routes: SPEND_TRACKING_ROUTES,
  global_spend_tracking_routes: GLOBAL_SPEND_TRACKING_ROUTES,
  management_routes: MANAGEMENT_ROUTES,
};

/** The groups whose routes only call models (passthrough included): nothing of the management API. */
export const DATA_PLANE_GROUPS: ReadonlySet<string> = new Set(['openai_routes', 'anthropic_routes', 'llm_api_routes']);
