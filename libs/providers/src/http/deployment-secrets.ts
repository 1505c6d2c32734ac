import type { DeploymentTarget } from '../provider.ts';

/** `api_key`, `aws_secret_access_key`, `azure_ad_token`, `client_secret`, `vertex_credentials`, `private_key`... */
const CREDENTIAL_NAME = /(?:^|_)(?:key|secret|token|password|credentials?)$/i;
const CREDENTIAL_IDS = new Set(['aws_access_key_id', 'private_key_id']);

const NUMBER = /^[\d.eE+-]+$/;

const isCredentialName = (name: string) => CREDENTIAL_NAME.test(name) || CREDENTIAL_IDS.has(name.toLowerCase());

function parsedObject(value: string): Record<string, unknown> | undefined {
  if (!value.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Credential-named string values, and those inside credential objects (a service account's `private_key`). */
function collect(params: Readonly<Record<string, unknown>>, into: string[], depth: number): void {
  for (const [name, value] of Object.entries(params)) {
    // `input_cost_per_token: "0.000001"` is a price, not a credential: numbers are never masked.
    if (!isCredentialName(name) || NUMBER.test(String(value))) continue;
    if (typeof value === 'string') {
      const inner = depth < 2 ? parsedObject(value) : undefined;
      if (inner) collect(inner, into, depth + 1);
      else into.push(value);
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < 2) {
      collect(value as Record<string, unknown>, into, depth + 1);
    }
  }
}

/** Every credential value of a deployment: its API key and each credential-named parameter. */
export function deploymentSecrets(target: Pick<DeploymentTarget, 'apiKey' | 'params'>): string[] {
  const secrets = target.apiKey !== undefined ? [target.apiKey] : [];
  collect(target.params, secrets, 0);
  return secrets;
}
