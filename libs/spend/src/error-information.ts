import { headOf, type CallRecord } from '@switchboard/contracts';

/** An error message longer than this is cut on the spend row (an upstream may answer with a whole page). */
const MAX_ERROR_MESSAGE_CHARS = 2_000;

/**
 * LiteLLM's `error_information` of a failed call's spend log (`metadata.error_information`), which its clients and
 * dashboards read to show why a call failed: the status as text, LiteLLM's exception class for it, the message the
 * client got (already safe to show: no credential reaches a client's error), the provider, and an empty
 * `traceback` (the gateway's stack is nobody's business). Undefined for a call that did not fail.
 */
export interface ErrorInformation {
  error_code: string;
  error_class: string;
  error_message: string;
  llm_provider: string;
  traceback: string;
}

export function errorInformationOf(record: CallRecord): ErrorInformation | undefined {
  if (record.errorType === undefined) return undefined;
  return {
    error_code: String(record.status),
    error_class: errorClassOf(record.errorType, record.status),
    error_message: cut(record.errorMessage ?? record.errorType),
    llm_provider: record.provider ?? '',
    traceback: '',
  };
}

/** Error kinds LiteLLM raises an exception class of their own for, whatever the status. */
const CLASS_OF_KIND: Readonly<Record<string, string>> = {
  budget_exceeded: 'BudgetExceededError',
  context_window_exceeded: 'ContextWindowExceededError',
  content_policy: 'ContentPolicyViolationError',
  timeout: 'Timeout',
};

/** The rest by status, as LiteLLM maps an upstream's status to the OpenAI SDK's classes. */
const CLASS_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'BadRequestError',
  401: 'AuthenticationError',
  403: 'PermissionDeniedError',
  404: 'NotFoundError',
  408: 'Timeout',
  422: 'UnprocessableEntityError',
  429: 'RateLimitError',
  500: 'InternalServerError',
  502: 'BadGatewayError',
  503: 'ServiceUnavailableError',
  504: 'Timeout',
};

function errorClassOf(kind: string, status: number): string {
  return CLASS_OF_KIND[kind] ?? CLASS_OF_STATUS[status] ?? 'APIError';
}

/** At most MAX_ERROR_MESSAGE_CHARS, never ending between the two halves of a surrogate pair. */
function cut(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE_CHARS ? message : `${headOf(message, MAX_ERROR_MESSAGE_CHARS)}…`;
}
