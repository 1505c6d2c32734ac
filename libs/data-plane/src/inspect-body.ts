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

interface Frame {
  value: object;
  depth: number;
  inSchema: boolean;
  parent: Frame | undefined;
  key: string | number;
}

/** The dotted path of a key (`messages[0].extra`), built only when a refusal needs it. */
function pathOf(frame: Frame, key: string): string {
  const keys: (string | number)[] = [key];
  for (let at: Frame | undefined = frame; at?.parent !== undefined; at = at.parent) keys.push(at.key);
  let path = '';
  for (let i = keys.length - 1; i >= 0; i--) {
    const segment = keys[i] as string | number;
    path += typeof segment === 'number' ? `[${segment}]` : path === '' ? segment : `.${segment}`;
  }
  return path;
}

/**
 * One iterative pass over a parsed body: refuses nesting deeper than `maxDepth` (a recursive walk
 * elsewhere could overflow the stack) and smuggled credentials. Throws HttpError 400. Only objects and
 * arrays are visited; paths are spelled out only for the error message.
 */
export function inspectBody(body: unknown, maxDepth: number = MAX_BODY_DEPTH): void {
  if (body === null || typeof body !== 'object') return;
  const stack: Frame[] = [{ value: body, depth: 0, inSchema: false, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const { value, depth, inSchema } = frame;
    if (depth >= maxDepth) throw new HttpError(400, `Request body is nested deeper than ${maxDepth} levels`, { code: 'body_too_deep' });
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item !== null && typeof item === 'object') stack.push({ value: item, depth: depth + 1, inSchema, parent: frame, key: i });
      }
      continue;
    }
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (!inSchema && FORBIDDEN_KEYS.has(key)) {
        const childPath = pathOf(frame, key);
        throw new HttpError(400, `"${childPath}" is not allowed: the gateway chooses upstream endpoints and credentials`, { param: childPath, code: 'forbidden_parameter' });
      }
      const child: unknown = (value as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1, inSchema: inSchema || SCHEMA_KEYS.has(key), parent: frame, key });
    }
  }
}
