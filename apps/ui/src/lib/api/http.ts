import { ApiError, apiErrorFrom, networkError } from './api-error.ts';
import { loginPath } from '../login-redirect.ts';

/** The header the backend asks of cookie-authenticated changes (with a same-site Origin, which the browser adds). */
export const CSRF_HEADER = 'x-switchboard-csrf';

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;
export type QueryValue = string | number | boolean | null | undefined;

export interface Transport {
  fetch: FetchFn;
  /** Called on any 401 from the management API; the dashboard sends the user to Login. */
  onUnauthorized: () => void;
}

function redirectToLogin(): void {
  if (typeof window === 'undefined') return;
  const here = `${window.location.pathname}${window.location.search}`;
  if (window.location.pathname.startsWith('/ui/login')) return;
  window.location.assign(loginPath(here));
}

let transport: Transport = { fetch: (input, init) => fetch(input, init), onUnauthorized: redirectToLogin };

/** Tests swap the fetch and the 401 hook; the app keeps the defaults. */
export function configureTransport(overrides: Partial<Transport>): () => void {
  const previous = transport;
  transport = { ...transport, ...overrides };
  return () => {
    transport = previous;
  };
}

export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(name, String(value));
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** Login itself answers 401 for a wrong password: that must not bounce to the login page. */
  redirectOnUnauthorized?: boolean;
}

/**
 * One call to the management API on this origin, authenticated by the session cookie. POSTs carry the
 * CSRF header; failures throw `ApiError` with a message in words; a 401 also sends the user to Login.
 */
export async function apiRequest<T>(method: 'GET' | 'POST' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // Every change carries the CSRF header (a DELETE as a POST): the backend refuses a session's change without it.
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    headers[CSRF_HEADER] = '1';
  }
  let response: Response;
  try {
    response = await transport.fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: method === 'POST' ? JSON.stringify(options.body ?? {}) : undefined,
      signal: options.signal,
    });
  } catch (cause) {
    throw networkError(cause);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    const error = apiErrorFrom(response.status, text);
    if (response.status === 401 && options.redirectOnUnauthorized !== false) transport.onUnauthorized();
    throw error;
  }
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, 'The server sent an answer the dashboard cannot read.', 'invalid_response');
  }
}
