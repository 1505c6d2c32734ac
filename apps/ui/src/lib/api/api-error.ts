/**
 * Every failed call to the backend or the gateway becomes one of these, with a message in words: the
 * server's own `error.message` when it sent the OpenAI-shaped error body, a sentence chosen by status
 * otherwise. Pages show `message`; they never show a response body.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null = null,
    /** The request field the server blamed (`max_budget`, `members_with_roles.0.user_id`...). */
    readonly param: string | null = null,
  ) {
    super(message);
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }

  get isForbidden(): boolean {
    return this.status === 403;
  }
}

const MAX_MESSAGE = 400;

function fallbackMessage(status: number): string {
  if (status === 0) return 'Cannot reach the server. Check your connection and try again.';
  if (status === 400) return 'The server refused the request as invalid.';
  if (status === 401) return 'Your session has expired. Log in again.';
  if (status === 403) return 'Your role does not allow this.';
  if (status === 404) return 'Not found.';
  if (status === 409) return 'That conflicts with something that already exists.';
  if (status === 413) return 'The request is too large.';
  if (status === 429) return 'Too many requests. Wait a moment and try again.';
  if (status === 502 || status === 503 || status === 504) return `The service is not reachable right now (HTTP ${status}).`;
  if (status >= 500) return `The server had a problem (HTTP ${status}).`;
  return `The request failed (HTTP ${status}).`;
}

const asText = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** Builds the error from a response's status and body text (which may be anything, even HTML). */
export function apiErrorFrom(status: number, bodyText: string): ApiError {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  const error = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) {
    const fields = error as Record<string, unknown>;
    const message = asText(fields.message);
    const code = asText(fields.code) ?? (typeof fields.code === 'number' ? String(fields.code) : null);
    return new ApiError(status, message ? clip(message) : fallbackMessage(status), code, asText(fields.param));
  }
  // `{"error": "some text"}` and `{"detail": "..."}` are what other OpenAI-compatible servers send.
  const loose = typeof body === 'object' && body !== null ? asText((body as Record<string, unknown>).error) ?? asText((body as Record<string, unknown>).detail) : null;
  return new ApiError(status, loose ? clip(loose) : fallbackMessage(status));
}

export function networkError(cause: unknown): ApiError {
  const aborted = cause instanceof Error && cause.name === 'AbortError';
  return new ApiError(0, aborted ? 'The request was cancelled.' : fallbackMessage(0), aborted ? 'aborted' : 'network_error');
}

function clip(message: string): string {
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
}

/** What a page shows for any thrown value: words, never JSON. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403 && !/role|permission|may not|only/i.test(error.message)) return `Not allowed: ${error.message}`;
    return error.message;
  }
  if (error instanceof Error && error.message !== '') return error.message;
  return 'Something went wrong.';
}
