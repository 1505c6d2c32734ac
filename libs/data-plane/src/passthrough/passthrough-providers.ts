import { ANTHROPIC_DEFAULT_API_BASE, DEFAULT_ANTHROPIC_VERSION } from '@switchboard/providers';

/** Client headers that carry credentials: the gateway key came in one of them, and none may go upstream. */
export const CLIENT_CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'api-key', 'x-goog-api-key', 'cookie'] as const;

/** One provider's passthrough route: plain data, so adding a provider is a row. */
export interface PassthroughProvider {
  /** Gateway path prefix; the rest of the path is sent to the provider unchanged. */
  prefix: string;
  /** Provider name as in `provider/model`: its deployments lend the credential and base URL. */
  provider: string;
  /** The provider's API origin when no deployment sets `api_base`. */
  defaultBase: string;
  /**
   * Endings of a deployment's `api_base` that passthrough paths carry themselves: a deployment written
   * `https://api.openai.com/v1` serves `/openai/v1/models` as `https://api.openai.com/v1/models`.
   */
  baseSuffixes: readonly string[];
  /** Where the key comes from when no deployment of the provider has one. */
  envKey: string;
  /** How the provider's key is sent. */
  credential: { header: string; prefix: string };
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
];
