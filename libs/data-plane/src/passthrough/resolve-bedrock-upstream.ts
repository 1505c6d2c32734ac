import type { Deployment } from '@switchboard/config';
import { bedrockCredentials, bedrockRegion, bedrockRuntimeBase, deploymentSecrets, ProviderError, type DeploymentTarget } from '@switchboard/providers';

/** Where `/bedrock/*` goes and how it is signed: no key to inject, a SigV4 signature per request. */
export interface BedrockUpstream {
  /** The runtime endpoint (`https://bedrock-runtime.{region}.amazonaws.com` or the deployment's). */
  base: string;
  region: string;
  credentials: ReturnType<typeof bedrockCredentials>;
  /** The deployment's static AWS keys, masked in what Bedrock answers. */
  secrets: readonly string[];
  deploymentId?: string;
}

function targetOf(deployment: Deployment | undefined): DeploymentTarget {
  return {
    provider: 'bedrock',
    model: deployment?.model ?? '',
    timeoutMs: deployment?.timeoutMs ?? 600_000,
    params: deployment?.params ?? {},
    ...(deployment?.apiBase !== undefined ? { apiBase: deployment.apiBase } : {}),
  };
}

/**
 * The bedrock deployment marked `use_in_pass_through: true`, else the first one, lends its region,
 * endpoint and AWS keys; with none, AWS_REGION and the standard AWS credential chain are used.
 * Undefined when no region is known (nothing could be signed).
 */
export function resolveBedrockUpstream(deployments: readonly Deployment[], env: Readonly<Record<string, string | undefined>>): BedrockUpstream | undefined {
  const candidates = deployments.filter((deployment) => deployment.provider === 'bedrock');
  const chosen = candidates.find((deployment) => deployment.params.use_in_pass_through === true) ?? candidates[0];
  const target = targetOf(chosen);
  let region: string;
  try {
    region = bedrockRegion(target.params, env);
  } catch (error) {
    if (error instanceof ProviderError) return undefined;
    throw error;
  }
  const upstream: BedrockUpstream = { base: bedrockRuntimeBase(target, region), region, credentials: bedrockCredentials(target), secrets: deploymentSecrets(target) };
  return chosen ? { ...upstream, deploymentId: chosen.id } : upstream;
}
