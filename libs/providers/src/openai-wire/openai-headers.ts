import type { DeploymentTarget } from '../provider.ts';

export type BodyKind = 'json' | 'multipart';

function extraHeadersOf(params: DeploymentTarget['params']): Record<string, string> {
  const extra = params.extra_headers;
  if (typeof extra !== 'object' || extra === null) return {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(extra)) {
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
  }
  return headers;
}

/**
 * Request headers for an OpenAI-style upstream. Nothing from the client's request is forwarded: only
 * the deployment's own credentials and settings (`organization`, `extra_headers` from config).
 * Multipart bodies get their content type (with boundary) from undici.
 */
export function openaiHeaders(target: DeploymentTarget, body: BodyKind, accept = 'application/json'): Record<string, string> {
  const headers: Record<string, string> = { accept, ...extraHeadersOf(target.params) };
  if (body === 'json') headers['content-type'] = 'application/json';
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  if (typeof target.params.organization === 'string') headers['openai-organization'] = target.params.organization;
  return headers;
}
