import type { defaultProvider as DefaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { DeploymentTarget } from '../provider.ts';
import { loadOnUse } from '@switchboard/load-on-use';

// Loaded on first use (loadOnUse: bundled, evaluated only when called): most gateways never
// use Bedrock, and evaluating it at start cost several MB of resident memory.
const loadDefaultProvider = (): typeof DefaultProvider => loadOnUse<typeof import('@aws-sdk/credential-provider-node')>(() => require('@aws-sdk/credential-provider-node'), '@aws-sdk/credential-provider-node').defaultProvider;

let defaultChain: AwsCredentialIdentityProvider | undefined;

/**
 * The standard AWS chain (env, shared files, SSO, web identity, container and instance roles), created
 * once: the chain memoizes what it found and refreshes it before it expires. `defaultProvider` is the
 * chain `fromNodeProviderChain()` wraps; this package exports it under that name.
 */
function standardChain(): AwsCredentialIdentityProvider {
  const chain = defaultChain ?? loadDefaultProvider()();
  defaultChain = chain;
  return chain;
}

function param(target: DeploymentTarget, name: string): string | undefined {
  const value = target.params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Static keys from the deployment (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`), else the standard chain. */
export function bedrockCredentials(target: DeploymentTarget): AwsCredentialIdentityProvider {
  const accessKeyId = param(target, 'aws_access_key_id');
  const secretAccessKey = param(target, 'aws_secret_access_key');
  if (accessKeyId && secretAccessKey) {
    const sessionToken = param(target, 'aws_session_token');
    const identity: AwsCredentialIdentity = sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
    return () => Promise.resolve(identity);
  }
  return standardChain();
}

/** Every credential value of a deployment, for scrubbing upstream messages. */
export function bedrockSecrets(target: DeploymentTarget): readonly (string | undefined)[] {
  return [target.apiKey, param(target, 'aws_access_key_id'), param(target, 'aws_secret_access_key'), param(target, 'aws_session_token')];
}
