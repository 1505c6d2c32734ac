import { ProviderError } from '@switchboard/providers';
import { HttpError } from '@switchboard/service-kit';

/** The one mapping from provider failures to what the client sees (status, type, code, Retry-After). */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof ProviderError) {
    // The upstream refusing *our* credentials is a gateway-side fault: a 401 would tell the client its own key is bad.
    if (err.kind === 'authentication' || err.kind === 'permission') {
      return new HttpError(502, `The provider rejected the gateway's credentials for this model: ${err.message}`, { type: 'api_error', code: `upstream_${err.kind}_error` });
    }
    return new HttpError(err.status, err.message, {
      code: err.options.code ?? err.kind,
      param: err.options.param ?? null,
      ...(err.options.retryAfterSeconds !== undefined ? { retryAfter: err.options.retryAfterSeconds } : {}),
    });
  }
  return new HttpError(500, 'Internal server error', { type: 'api_error' });
}
