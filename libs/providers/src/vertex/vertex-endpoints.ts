import type { DeploymentTarget } from '../provider.ts';
import { misconfiguredDeployment } from '../deployment/misconfigured-deployment.ts';
import { vertexServiceAccount } from './vertex-credentials.ts';

export const DEFAULT_VERTEX_LOCATION = 'us-central1';

function stringParam(params: DeploymentTarget['params'], name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export interface VertexLocation {
  project: string;
  location: string;
  /** The API origin (`https://{location}-aiplatform.googleapis.com`, or the deployment's `api_base`). */
  base: string;
}

/**
 * `vertex_project` (else the service account's `project_id`, else GOOGLE_CLOUD_PROJECT) and
 * `vertex_location` (default us-central1; `global` has no regional host).
 */
export function vertexLocation(target: DeploymentTarget, env: Readonly<Record<string, string | undefined>> = process.env): VertexLocation {
  const project = stringParam(target.params, 'vertex_project') ?? vertexServiceAccount(target.params)?.project_id ?? env.GOOGLE_CLOUD_PROJECT ?? env.VERTEXAI_PROJECT;
  if (!project) throw misconfiguredDeployment('Provider vertex_ai needs a project: set vertex_project in the deployment\'s litellm_params');
  const location = stringParam(target.params, 'vertex_location') ?? env.VERTEXAI_LOCATION ?? DEFAULT_VERTEX_LOCATION;
  const host = location === 'global' ? 'https://aiplatform.googleapis.com' : `https://${location}-aiplatform.googleapis.com`;
  const base = (target.apiBase ?? host).replace(/\/+$/, '').replace(/\/v1$/, '');
  return { project, location, base };
}

/** `{base}/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:{method}`. */
export function vertexModelUrl(target: DeploymentTarget, method: string): string {
  const { project, location, base } = vertexLocation(target);
  return `${base}/v1/projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(location)}/publishers/google/models/${encodeURIComponent(target.model)}:${method}`;
}
