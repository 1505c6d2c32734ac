import { ANTHROPIC_DEFAULT_API_BASE, DEFAULT_ANTHROPIC_VERSION, GEMINI_DEFAULT_API_BASE } from '@switchboard/providers';

/** Client headers that carry credentials: the gateway key came in one of them, and none may go upstream. */
export const CLIENT_CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'api-key', 'x-goog-api-key', 'cookie'] as const;

/** One provider's passthrough route: plain data, so adding a provider is a row. */
export interface PassthroughProvider {
  /** Gateway path prefix; the rest of the path is sent to the provider unchanged. */
  prefix: string;
  /** Provider name as in `provider/model`: its deployments lend the credential and base URL. */
  provider: string;
  /** The provider's API origin when no deployment sets `api_base` (empty: the provider has none, e.g. Azure). */
  defaultBase: string;
  /** Env variable holding the API origin when no deployment sets `api_base` (Azure's AZURE_API_BASE). */
  envBase?: string;
  /**
   * Endings of a deployment's `api_base` that passthrough paths carry themselves: a deployment written
   * `https://api.openai.com/v1` serves `/openai/v1/models` as `https://api.openai.com/v1/models`.
   */
  baseSuffixes: readonly string[];
  /** Where the key comes from when no deployment of the provider has one. */
  envKey: string;
  /** How the provider's key is sent. */
  credential: { header: string; prefix: string };
  /**
   * `google-oauth`: there is no static key; a bearer token is fetched per request from the deployment's
   * `vertex_credentials` or application default credentials (Vertex AI).
   */
  tokenSource?: 'google-oauth';
  /** Query parameters removed from the client's URL (Google clients may put their key in `?key=`). */
  stripQueryParams?: readonly string[];
  /** Headers the provider requires, added when the client did not send them. */
  defaultHeaders: Readonly<Record<string, string>>;
  /** Client headers removed before the credential goes in. */
  stripHeaders: readonly string[];
  /** Error bodies the gateway writes itself (auth, no credential, upstream down), in the provider's own shape. */
  errorShape: 'openai' | 'anthropic';
}

export const PASSTHROUGH_PROVIDERS: readonly PassthroughProvider[] = [
  {
    prefix: '/openai',
    provider: 'openai',
    defaultBase: 'https://api.openai.com',
    baseSuffixes: ['/v1'],
    envKey: 'OPENAI_API_KEY',
    credential: { header: 'authorization', prefix: 'Bearer ' },
    defaultHeaders: {},
    stripHeaders: [...CLIENT_CREDENTIAL_HEADERS, 'openai-organization', 'openai-project'],
    errorShape: 'openai',
  },
  {
    prefix: '/anthropic',
    provider: 'anthropic',
    defaultBase: ANTHROPIC_DEFAULT_API_BASE,
    baseSuffixes: ['/v1/messages', '/v1'],
    envKey: 'ANTHROPIC_API_KEY',
    credential: { header: 'x-api-key', prefix: '' },
    defaultHeaders: { 'anthropic-version': DEFAULT_ANTHROPIC_VERSION },
    stripHeaders: CLIENT_CREDENTIAL_HEADERS,
    errorShape: 'anthropic',
  },
  {
    prefix: '/gemini',
    provider: 'gemini',
    defaultBase: GEMINI_DEFAULT_API_BASE,
    baseSuffixes: ['/v1beta', '/v1'],
    envKey: 'GEMINI_API_KEY',
    credential: { header: 'x-goog-api-key', prefix: '' },
    stripQueryParams: ['key'],
    defaultHeaders: {},
    stripHeaders: CLIENT_CREDENTIAL_HEADERS,
    errorShape: 'openai',
  },
  {
    prefix: '/vertex_ai',
    provider: 'vertex_ai',
    // The regional host comes from the deployment's vertex_location (see resolve-passthrough-upstream.ts).
    defaultBase: '',
    baseSuffixes: ['/v1'],
    envKey: 'GOOGLE_APPLICATION_CREDENTIALS',
    credential: { header: 'authorization', prefix: 'Bearer ' },
    tokenSource: 'google-oauth',
    stripQueryParams: ['key'],
    defaultHeaders: {},
    stripHeaders: CLIENT_CREDENTIAL_HEADERS,
    errorShape: 'openai',
  },
  {
    prefix: '/azure',
    provider: 'azure',
    defaultBase: '',
    envBase: 'AZURE_API_BASE',
    baseSuffixes: ['/openai/v1', '/openai'],
    envKey: 'AZURE_API_KEY',
    credential: { header: 'api-key', prefix: '' },
    defaultHeaders: {},
    stripHeaders: CLIENT_CREDENTIAL_HEADERS,
    errorShape: 'openai',
  },
  {
    prefix: '/cohere',
    provider: 'cohere',
    defaultBase: 'https://api.cohere.com',
    baseSuffixes: ['/v2', '/v1'],
    envKey: 'COHERE_API_KEY',
    credential: { header: 'authorization', prefix: 'Bearer ' },
    defaultHeaders: {},
    stripHeaders: CLIENT_CREDENTIAL_HEADERS,
    errorShape: 'openai',
  },
];

/**
 * `/bedrock/*` has no key to inject: every request is SigV4-signed over its whole body with the AWS
 * credentials of a bedrock deployment (see signed-passthrough.ts), so it is not a row of the table above.
 */
export const BEDROCK_PASSTHROUGH = { prefix: '/bedrock', provider: 'bedrock' } as const;
