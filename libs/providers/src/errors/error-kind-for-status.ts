import type { ProviderErrorKind } from '../provider-error.ts';

/** The kind of a ProviderError and the HTTP status our client sees for it. */
export type ClientError = readonly [ProviderErrorKind, number];

/** Statuses that mean the same on every upstream. */
const BY_STATUS: Readonly<Record<number, ClientError>> = {
  400: ['bad_request', 400],
  401: ['authentication', 401],
  403: ['permission', 403],
  404: ['not_found', 404],
  // The upstream gave up waiting: not the client's fault, and worth another try.
  408: ['timeout', 504],
  413: ['bad_request', 413],
  422: ['bad_request', 400],
  429: ['rate_limit', 429],
  503: ['upstream_unavailable', 503],
  504: ['timeout', 504],
};

/**
 * An upstream HTTP status → what our client sees, with the provider's own statuses (Cohere's 498,
 * Anthropic's 529, ...) in `overrides`. Statuses in neither table: other 4xx → 400, other 5xx → 502.
 * No status at all (an error inside a stream) is an upstream error.
 */
export function errorKindForStatus(status: number | undefined, overrides: Readonly<Record<number, ClientError>> = {}): ClientError {
  if (status === undefined) return ['upstream_error', 502];
  return overrides[status] ?? BY_STATUS[status] ?? (status >= 500 ? ['upstream_error', 502] : ['bad_request', 400]);
}
