/**
 * Why an upstream call failed, as the router needs it: retries and fallbacks decide on `kind` and
 * `status`, never on parsed message strings. Messages are safe to show a client: adapters build them
 * from the upstream's error text with credentials scrubbed, never from request headers.
 */
export type ProviderErrorKind =
  | 'bad_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'context_window_exceeded'
  | 'content_policy'
  | 'rate_limit'
  | 'timeout'
  | 'upstream_unavailable'
  | 'upstream_error'
  | 'unsupported'
  | 'aborted';

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    /** The HTTP status our client should see (400, 401, 403, 404, 429, 502, 503, 504). */
    readonly status: number,
    message: string,
    readonly options: {
      /** The upstream's own status, when it answered. */
      upstreamStatus?: number;
      /** The upstream's error code/type string, for the error JSON's `code`. */
      code?: string;
      param?: string;
      /** Seconds the upstream asked us to wait (Retry-After, google RetryInfo). */
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  /** Whether another try (same or another deployment) may succeed. */
  get isRetryable(): boolean {
    return this.kind === 'rate_limit' || this.kind === 'timeout' || this.kind === 'upstream_unavailable' || this.kind === 'upstream_error';
  }

  /** Errors after which a fallback to another model group makes sense even though a retry would not. */
  get allowsFallback(): boolean {
    return this.isRetryable || this.kind === 'context_window_exceeded' || this.kind === 'content_policy';
  }
}
