import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorFrom, describeError, networkError } from './api-error.ts';

describe('apiErrorFrom', () => {
  it('takes message, code and param from the OpenAI-shaped error body', () => {
    const error = apiErrorFrom(400, JSON.stringify({ error: { message: 'Invalid request body: max_budget: must not be negative', type: 'invalid_request_error', param: 'max_budget', code: 'invalid_request' } }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, message: 'Invalid request body: max_budget: must not be negative', code: 'invalid_request', param: 'max_budget' });
  });

  it('falls back to words chosen by status when the body is not ours (HTML, empty, JSON without error)', () => {
    expect(apiErrorFrom(502, '<html><body>Bad gateway</body></html>').message).toBe('The service is not reachable right now (HTTP 502).');
    expect(apiErrorFrom(500, '').message).toBe('The server had a problem (HTTP 500).');
    expect(apiErrorFrom(401, '{}').message).toBe('Your session has expired. Log in again.');
    expect(apiErrorFrom(403, '{"error":{"message":""}}').message).toBe('Your role does not allow this.');
    expect(apiErrorFrom(418, 'null').message).toBe('The request failed (HTTP 418).');
  });

  it('accepts the loose {"error": "text"} and {"detail": "text"} shapes', () => {
    expect(apiErrorFrom(400, '{"error":"model is required"}').message).toBe('model is required');
    expect(apiErrorFrom(422, '{"detail":"bad input"}').message).toBe('bad input');
  });

  it('never carries a raw body, and clips long messages', () => {
    const error = apiErrorFrom(400, JSON.stringify({ error: { message: 'x'.repeat(5_000) } }));
    expect(error.message.length).toBeLessThanOrEqual(400);
    expect(error.message.endsWith('…')).toBe(true);
  });
});

describe('describeError', () => {
  it('says what happened in words for any thrown value', () => {
    expect(describeError(new ApiError(403, 'Role proxy_admin_viewer may not key create', 'forbidden'))).toBe('Role proxy_admin_viewer may not key create');
    expect(describeError(new ApiError(403, 'Cookie-authenticated changes need an Origin header', 'csrf'))).toBe('Not allowed: Cookie-authenticated changes need an Origin header');
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError({ weird: true })).toBe('Something went wrong.');
    expect(describeError(networkError(new TypeError('fetch failed')))).toBe('Cannot reach the server. Check your connection and try again.');
  });

  it('tells a cancelled request from a network failure', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(networkError(abort).code).toBe('aborted');
  });
});
