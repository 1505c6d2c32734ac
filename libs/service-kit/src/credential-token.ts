import type { Request } from 'express';

/**
 * The caller's key from any header an SDK uses: `Authorization: Bearer` (OpenAI), `x-api-key`
 * (Anthropic), `api-key` (Azure). Returns undefined when none is present.
 */
export function credentialToken(req: Request): string | undefined {
  const authorization = req.headers.authorization;
  if (typeof authorization === 'string' && authorization !== '') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    return match ? (match[1] as string).trim() : authorization.trim();
  }
  const anthropic = req.headers['x-api-key'];
  if (typeof anthropic === 'string' && anthropic !== '') return anthropic.trim();
  const azure = req.headers['api-key'];
  if (typeof azure === 'string' && azure !== '') return azure.trim();
  return undefined;
}
