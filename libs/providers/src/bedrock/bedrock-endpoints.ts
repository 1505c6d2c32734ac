import type { DeploymentTarget } from '../provider.ts';
import { misconfiguredDeployment } from '../deployment/misconfigured-deployment.ts';

export type BedrockOperation = 'converse' | 'converse-stream' | 'invoke';

function stringParam(params: DeploymentTarget['params'], name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `aws_region_name`, else `region_name`, else AWS_REGION / AWS_DEFAULT_REGION. */
export function bedrockRegion(params: DeploymentTarget['params'], env: Readonly<Record<string, string | undefined>> = process.env): string {
  const region = stringParam(params, 'aws_region_name') ?? stringParam(params, 'region_name') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) {
    throw misconfiguredDeployment('Provider bedrock needs a region: set aws_region_name in the deployment\'s litellm_params (or AWS_REGION)');
  }
  return region;
}

/** The runtime endpoint: `aws_bedrock_runtime_endpoint`, else `api_base`, else the region's public endpoint. */
export function bedrockRuntimeBase(target: DeploymentTarget, region: string): string {
  const base = stringParam(target.params, 'aws_bedrock_runtime_endpoint') ?? target.apiBase ?? `https://bedrock-runtime.${region}.amazonaws.com`;
  return base.replace(/\/+$/, '');
}

/** `/model/{modelId}/{operation}`: model ids hold `:` and ARNs hold `/`, so the id is one encoded segment. */
export function bedrockUrl(base: string, modelId: string, operation: BedrockOperation): string {
  return `${base}/model/${encodeURIComponent(modelId)}/${operation}`;
}
