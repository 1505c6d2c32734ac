import type { Response } from 'express';
import { addErrorHeaders, headerOf, sendJson, type ErrorType, type HttpError } from '@switchboard/service-kit';

/** Our error types → Anthropic's (https://docs.anthropic.com/en/api/errors). */
const ANTHROPIC_TYPES: Readonly<Record<ErrorType, string>> = {
  invalid_request_error: 'invalid_request_error',
  authentication_error: 'authentication_error',
  permission_error: 'permission_error',
  not_found_error: 'not_found_error',
  rate_limit_error: 'rate_limit_error',
  request_too_large: 'request_too_large',
  api_error: 'api_error',
  service_unavailable: 'overloaded_error',
  timeout_error: 'timeout_error',
  // LiteLLM's refusal types, in Anthropic's vocabulary (its SDK picks the exception class by status).
  budget_exceeded: 'invalid_request_error',
  key_model_access_denied: 'authentication_error',
  team_model_access_denied: 'authentication_error',
  user_model_access_denied: 'authentication_error',
  org_model_access_denied: 'authentication_error',
  team_member_permission_error: 'authentication_error',
  auth_error: 'authentication_error',
};

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id?: string;
}

export function anthropicErrorBody(error: HttpError, requestId?: string): AnthropicErrorBody {
  const body: AnthropicErrorBody = { type: 'error', error: { type: ANTHROPIC_TYPES[error.type], message: error.message } };
  return requestId ? { ...body, request_id: requestId } : body;
}

/** `sendError` in Anthropic's shape: same status, headers and Retry-After, Anthropic's body. */
export function sendAnthropicError(res: Response, error: HttpError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  addErrorHeaders(res, error);
  const requestId = headerOf(res, 'x-request-id');
  sendJson(res, error.status, anthropicErrorBody(error, typeof requestId === 'string' ? requestId : undefined));
}

/** An error as an SSE `error` event, for failures after the stream started. */
export function anthropicErrorFrame(error: HttpError): string {
  return `event: error\ndata: ${JSON.stringify(anthropicErrorBody(error))}\n\n`;
}
