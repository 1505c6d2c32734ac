/**
 * The one error class the HTTP layer renders. Handlers throw it (or anything else, which becomes a 500
 * without its message); `render-error.ts` turns it into the OpenAI error shape in exactly one place.
 */
export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'request_too_large'
  | 'api_error'
  | 'service_unavailable'
  | 'timeout_error'
  // LiteLLM's own types for refusals its clients branch on (the data plane's refusal table sets them).
  | 'budget_exceeded'
  | 'key_model_access_denied'
  | 'team_model_access_denied'
  | 'user_model_access_denied'
  | 'org_model_access_denied'
  | 'team_member_permission_error'
  | 'auth_error';

const TYPE_BY_STATUS: Record<number, ErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  413: 'request_too_large',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
  502: 'api_error',
  503: 'service_unavailable',
  504: 'timeout_error',
};

export interface HttpErrorOptions {
  type?: ErrorType;
  param?: string | null;
  code?: string | null;
  /** Seconds, for 429 and 503. */
  retryAfter?: number;
  headers?: Record<string, string>;
}

export class HttpError extends Error {
  readonly type: ErrorType;
  readonly param: string | null;
  readonly code: string | null;
  readonly retryAfter: number | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    message: string,
    options: HttpErrorOptions = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.type = options.type ?? TYPE_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
    this.param = options.param ?? null;
    this.code = options.code ?? null;
    this.retryAfter = options.retryAfter;
    this.headers = options.headers ?? {};
  }

  /** True for statuses a client (or our router) may retry: 408, 409, 429 and 5xx. */
  get isRetryable(): boolean {
    return this.status === 408 || this.status === 409 || this.status === 429 || this.status >= 500;
  }
}
