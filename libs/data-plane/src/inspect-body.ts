import { HttpError } from '@switchboard/service-kit';

/**
 * Keys a client may never send: they would point the upstream call elsewhere or bring their own
 * credentials. Refused at any depth, except inside JSON-schema subtrees (tool parameters, response
 * schemas), where they are property names describing data, not settings.
 */
const FORBIDDEN_KEYS = new Set([
  'api_base',
  'base_url',
  'baseURL',
  'baseUrl',
  'api_key',
  'apiKey',
  'api-key',
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'aws_bedrock_runtime_endpoint',
  'vertex_credentials',
  'azure_ad_token',
  'azure_ad_token_provider',
  'client_secret',
  'credentials',
  'user_config',
]);

/** Keys whose value is a JSON schema (the names inside are data property names). */
const SCHEMA_KEYS = new Set(['parameters', 'input_schema', 'schema', 'json_schema']);

export const MAX_BODY_DEPTH = 64;

/**
 * One iterative pass over a parsed body: refuses nesting deeper than `maxDepth` (a recursive walk
 * elsewhere could overflow the stack) and smuggled credentials. Throws HttpError 400.
 */
export function inspectBody(body: unknown, maxDepth: number = MAX_BODY_DEPTH): void {
  const stack: { value: unknown; depth: number; path: string; inSchema: boolean }[] = [{ value: body, depth: 0, path: '', inSchema: false }];
  while (stack.length > 0) {
    const { value, depth, path, inSchema } = stack.pop() as (typeof stack)[number];
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) throw new HttpError(400, `Request body is nested deeper than ${maxDepth} levels`, { code: 'body_too_deep' });
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], depth: depth + 1, path: `${path}[${i}]`, inSchema });
      continue;
    }
    for (const key of Object.keys(value)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      if (!inSchema && FORBIDDEN_KEYS.has(key)) {
        throw new HttpError(400, `"${childPath}" is not allowed: the gateway chooses upstream endpoints and credentials`, { param: childPath, code: 'forbidden_parameter' });
      }
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, path: childPath, inSchema: inSchema || SCHEMA_KEYS.has(key) });
    }
  }
}
