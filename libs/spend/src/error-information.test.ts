import { describe, expect, it } from 'vitest';
import type { CallRecord } from '@switchboard/contracts';
import { errorInformationOf } from './error-information.ts';
import { sampleCall } from './testing/sample-call.ts';

const failed = (status: number, errorType: string, more: Partial<CallRecord> = {}) => errorInformationOf({ ...sampleCall, status, errorType, ...more });

describe('errorInformationOf', () => {
  it("is LiteLLM's error_information for a failed call: status as text, exception class, message, provider, no traceback", () => {
    expect(failed(400, 'invalid_model', { errorMessage: 'Invalid model name passed in model=nope', provider: undefined })).toEqual({
      error_code: '400',
      error_class: 'BadRequestError',
      error_message: 'Invalid model name passed in model=nope',
      llm_provider: '',
      traceback: '',
    });
    expect(failed(429, 'rate_limit', { provider: 'anthropic' })).toMatchObject({ error_class: 'RateLimitError', error_message: 'rate_limit', llm_provider: 'anthropic' });
  });

  it('names the class LiteLLM raises for the kind before the one of the status', () => {
    expect(failed(400, 'budget_exceeded')?.error_class).toBe('BudgetExceededError');
    expect(failed(400, 'context_window_exceeded')?.error_class).toBe('ContextWindowExceededError');
    expect(failed(400, 'content_policy')?.error_class).toBe('ContentPolicyViolationError');
    expect(failed(504, 'timeout')?.error_class).toBe('Timeout');
    expect(failed(401, 'model_not_allowed')?.error_class).toBe('AuthenticationError');
    expect(failed(503, 'upstream_unavailable')?.error_class).toBe('ServiceUnavailableError');
    expect(failed(499, 'stream_error')?.error_class).toBe('APIError');
  });

  it('is absent for a call that did not fail, and cuts a long message without splitting a surrogate pair', () => {
    expect(errorInformationOf({ ...sampleCall, status: 200 })).toBeUndefined();
    const message = `${'x'.repeat(1_999)}🙂${'y'.repeat(100)}`;
    const cut = failed(502, 'upstream_error', { errorMessage: message })?.error_message as string;
    expect(cut).toBe(`${'x'.repeat(1_999)}…`);
  });
});
