import type { GoogleAuth } from 'google-auth-library';
import type { DeploymentTarget } from '../provider.ts';
import { misconfiguredDeployment as misconfigured } from '../deployment/misconfigured-deployment.ts';
import { ProviderError } from '../provider-error.ts';
import { loadOnUse } from '@switchboard/load-on-use';

// Loaded on first use (loadOnUse: bundled, evaluated only when called): most gateways never
// use Vertex AI, and evaluating it at start cost several MB of resident memory.
const loadGoogleAuth = (): typeof GoogleAuth => loadOnUse<typeof import('google-auth-library')>(() => require('google-auth-library'), 'google-auth-library').GoogleAuth;

const SCOPES = ['https://www.googleapis.com/auth/cloud-platform'];
/** Deployments rarely number more than a few service accounts; the bound only guards a runaway config. */
const MAX_CACHED_CLIENTS = 32;

/** Where a bearer token for Vertex AI comes from. Tests pass their own; no network is needed then. */
export type VertexTokenSource = (target: DeploymentTarget) => Promise<string>;

export interface ServiceAccountKey {
  client_email?: string;
  private_key?: string;
  project_id?: string;
  [key: string]: unknown;
}

/** `vertex_credentials`: the service-account JSON as text (often `os.environ/...`) or as an object. */
export function vertexServiceAccount(params: DeploymentTarget['params']): ServiceAccountKey | undefined {
  const raw = params.vertex_credentials;
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw === 'object' && !Array.isArray(raw)) return raw as ServiceAccountKey;
  if (typeof raw === 'string') {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as ServiceAccountKey;
    } catch {
      // reported below, without echoing the value
    }
  }
  throw misconfigured('vertex_credentials must be a service-account JSON object (or its JSON text)');
}

const clients = new Map<string, GoogleAuth>();

/** One GoogleAuth per service account (it caches and refreshes its token); ADC when none is given. */
function authFor(target: DeploymentTarget): GoogleAuth {
  const account = vertexServiceAccount(target.params);
  const key = account ? `${account.client_email ?? ''}\n${account.private_key ?? ''}` : 'adc';
  let auth = clients.get(key);
  if (!auth) {
    if (clients.size >= MAX_CACHED_CLIENTS) clients.delete(clients.keys().next().value as string);
    const Auth = loadGoogleAuth();
    auth = account ? new Auth({ credentials: account, scopes: SCOPES }) : new Auth({ scopes: SCOPES });
    clients.set(key, auth);
  }
  return auth;
}

/** Service-account credentials from `vertex_credentials`, else Application Default Credentials. */
export const googleAuthTokenSource: VertexTokenSource = async (target) => {
  let token: string | null | undefined;
  try {
    token = await authFor(target).getAccessToken();
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    // google-auth-library's messages can name key files and quote responses: only the class is kept.
    throw new ProviderError('authentication', 401, `Could not get a Vertex AI access token (${error instanceof Error ? error.name : 'error'}): check vertex_credentials or the application default credentials`);
  }
  if (!token) throw new ProviderError('authentication', 401, 'Could not get a Vertex AI access token: the credentials gave none');
  return token;
};
