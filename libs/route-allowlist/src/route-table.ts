/**
 * The one table of which service owns which path (SPEC §2). The gateway and backend mount routes only
 * through `assertMountable`; the front of `npm start`, the UI image's nginx config and the Helm ingress
 * are generated from (or tested against) this same table.
 */
export type Service = 'ui' | 'gateway' | 'backend';

export interface RouteRule {
  /** `exact`: the path itself only. `prefix`: the path and everything below it (segment-wise). */
  readonly match: 'exact' | 'prefix';
  readonly path: string;
  /** Where the single front origin sends the path. */
  readonly owner: Service;
  /** Other services that serve the same path on their own port (health probes, `/routes`, `/openapi.json`). */
  readonly alsoServedBy?: readonly Service[];
  /**
   * Served on the owner's own port only: the single origin (`npm start`'s front, the UI image's nginx) and
   * the Helm ingress answer it with a 404 and never forward it. Prometheus scrapes `/metrics` in the cluster.
   */
  readonly clusterOnly?: true;
}

const prefix = (path: string, owner: Service, alsoServedBy?: Service[]): RouteRule => ({
  match: 'prefix',
  path,
  owner,
  ...(alsoServedBy ? { alsoServedBy } : {}),
});
const exact = (path: string, owner: Service, alsoServedBy?: Service[]): RouteRule => ({
  match: 'exact',
  path,
  owner,
  ...(alsoServedBy ? { alsoServedBy } : {}),
});

/** Provider passthrough prefixes: `/<provider>/...` goes to the provider's own API, untranslated. */
export const PASSTHROUGH_PROVIDERS = [
  'openai',
  'anthropic',
  'azure',
  'gemini',
  'vertex_ai',
  'bedrock',
  'cohere',
  'mistral',
  'groq',
  'vllm',
  'deepseek',
  'xai',
] as const;

const gatewayPrefixes = [
  '/v1/chat',
  '/chat',
  '/v1/completions',
  '/completions',
  '/v1/embeddings',
  '/embeddings',
  '/v1/moderations',
  '/moderations',
  '/v1/audio',
  '/audio',
  '/v1/images',
  '/images',
  '/v1/files',
  '/files',
  '/v1/batches',
  '/batches',
  '/v1/responses',
  '/responses',
  '/v1/models',
  '/models',
  '/v1/messages',
  '/messages',
  '/v1/rerank',
  '/rerank',
  '/v1/realtime',
  // LiteLLM's cache management: the gateway holds the in-process cache.
  '/cache',
  // LiteLLM's guardrail routes: the gateway runs the guardrails.
  '/guardrails',
  '/v2/guardrails',
  // LiteLLM's utilities over the models the gateway serves (`/utils/token_counter`, `/utils/transform_request`, ...).
  '/utils',
  '/metrics',
  ...PASSTHROUGH_PROVIDERS.map((name) => `/${name}`),
];

/** Gateway paths for the cluster's own scrapers only (see RouteRule.clusterOnly). */
const CLUSTER_ONLY = new Set(['/metrics']);

const backendPrefixes = [
  '/key',
  '/v2/key',
  '/user',
  '/team',
  '/v2/team',
  '/organization',
  '/customer',
  '/end_user',
  '/budget',
  '/model',
  '/v2/model',
  '/model_group',
  '/spend',
  '/global',
  '/usage',
  '/daily',
  '/audit',
  '/sso',
  '/scim',
  '/config',
  '/credentials',
  '/tag',
];

export const ROUTE_TABLE: readonly RouteRule[] = [
  // The dashboard: a static export under /ui (basePath), so its pages never collide with API paths.
  exact('/', 'ui'),
  prefix('/ui', 'ui'),
  exact('/favicon.ico', 'ui'),
  // Probes: each service answers its own; through the front they reach the gateway.
  prefix('/health', 'gateway', ['backend']),
  exact('/routes', 'backend', ['gateway']),
  exact('/openapi.json', 'backend', ['gateway']),
  exact('/test', 'gateway'),
  ...gatewayPrefixes.map((path) => (CLUSTER_ONLY.has(path) ? { ...prefix(path, 'gateway'), clusterOnly: true as const } : prefix(path, 'gateway'))),
  exact('/v1/model/info', 'backend'),
  ...backendPrefixes.map((path) => prefix(path, 'backend')),
  // LiteLLM's config endpoints: the stored settings are the backend's; what a gateway runs, the gateway's.
  exact('/get/config/callbacks', 'backend'),
  exact('/active/callbacks', 'gateway'),
  // LiteLLM's spend calculator prices a call as the gateway does (its models, prices and tokenizer).
  exact('/spend/calculate', 'gateway'),
  // UI bootstrap: what the dashboard needs before login (auth modes, backend state).
  exact('/.well-known/switchboard-ui-config', 'backend'),
  exact('/login', 'backend'),
  exact('/logout', 'backend'),
  // The dashboard's "who am I" after a cookie login (`/login` itself is exact, so this needs its own row).
  exact('/login/session', 'backend'),
];
