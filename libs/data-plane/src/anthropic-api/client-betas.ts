import type { Request } from 'express';
import { parseAnthropicBetas } from '@switchboard/providers';
import { HttpError } from '@switchboard/service-kit';

/**
 * The `anthropic-beta` names the client asked for, forwarded to Anthropic deployments (merged with the
 * deployment's own). Only plain beta tokens pass; anything else is refused rather than sent upstream.
 */
export function clientBetas(req: Request): string[] {
  const { betas, rejected } = parseAnthropicBetas(req.headers['anthropic-beta']);
  if (rejected.length > 0) throw new HttpError(400, `anthropic-beta: ${JSON.stringify(rejected[0])} is not a beta name`, { param: 'anthropic-beta', code: 'invalid_request' });
  return betas;
}
