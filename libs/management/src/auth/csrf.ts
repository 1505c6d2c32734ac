import type { Request } from 'express';
import { HttpError } from '@switchboard/service-kit';

export const CSRF_HEADER = 'x-switchboard-csrf';

/**
 * Cookie-authenticated state changes need both: an `Origin` naming this host (or one of the allowed
 * origins, for a UI served elsewhere) and the custom header, which a cross-site form cannot send.
 */
export function assertSameOrigin(req: Request, allowedOrigins: readonly string[]): void {
  if (req.headers[CSRF_HEADER] !== '1') throw new HttpError(403, `Cookie-authenticated changes need the "${CSRF_HEADER}: 1" header`, { code: 'csrf' });
  const origin = req.headers.origin;
  if (typeof origin !== 'string') throw new HttpError(403, 'Cookie-authenticated changes need an Origin header', { code: 'csrf' });
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new HttpError(403, 'The Origin header is not a URL', { code: 'csrf' });
  }
  const ownHost = req.headers['x-forwarded-host'] ?? req.headers.host;
  if (host === ownHost || allowedOrigins.includes(origin)) return;
  throw new HttpError(403, 'The Origin header does not match this site', { code: 'csrf' });
}
