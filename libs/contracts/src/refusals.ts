import { HttpError, type ErrorType } from '@switchboard/service-kit';

/**
 * Every refusal the data plane makes, with its status and error type, in one table: the gateway's stages
 * and the enforcement lib throw through `refuse`, and tests read their expectations from here. Statuses and
 * types are LiteLLM's (at the versions its own live-proxy tests pin), so its clients raise the same exception
 * classes: a model the key may not use is a 401 (openai.AuthenticationError), a spent budget a 400 whose
 * message says "Budget has been exceeded!", an unknown or missing model a 400 (BadRequestError).
 */
export const REFUSALS = {
  model_not_allowed: { status: 401, type: 'key_model_access_denied' },
  // The same refusal when the key's team, its user (a key without a team) or its organization is what leaves the model out.
  team_model_not_allowed: { status: 401, type: 'team_model_access_denied' },
  user_model_not_allowed: { status: 401, type: 'user_model_access_denied' },
  org_model_not_allowed: { status: 401, type: 'org_model_access_denied' },
  route_not_allowed: { status: 403, type: 'permission_error' },
  unknown_model: { status: 400, type: 'invalid_request_error' },
  missing_model: { status: 400, type: 'invalid_request_error' },
  budget_exceeded: { status: 400, type: 'budget_exceeded' },
  rate_limited: { status: 429, type: 'rate_limit_error' },
  key_blocked: { status: 401, type: 'auth_error' },
  key_expired: { status: 401, type: 'auth_error' },
  team_blocked: { status: 401, type: 'auth_error' },
} as const satisfies Record<string, { status: number; type: ErrorType }>;

export type RefusalKind = keyof typeof REFUSALS;

/** The error `code` each refusal carries in the body (ours; stable for clients that branch on it). */
const CODES: Record<RefusalKind, string> = {
  model_not_allowed: 'model_not_allowed',
  team_model_not_allowed: 'model_not_allowed',
  user_model_not_allowed: 'model_not_allowed',
  org_model_not_allowed: 'model_not_allowed',
  route_not_allowed: 'route_not_allowed',
  unknown_model: 'model_not_found',
  missing_model: 'model_required',
  budget_exceeded: 'budget_exceeded',
  rate_limited: 'rate_limit_exceeded',
  key_blocked: 'key_blocked',
  key_expired: 'key_expired',
  team_blocked: 'team_blocked',
};

export function refusalCode(kind: RefusalKind): string {
  return CODES[kind];
}

export function refuse(kind: RefusalKind, message: string, options: { param?: string; retryAfter?: number; headers?: Record<string, string> } = {}): HttpError {
  const { status, type } = REFUSALS[kind];
  return new HttpError(status, message, { type, code: CODES[kind], ...options });
}
