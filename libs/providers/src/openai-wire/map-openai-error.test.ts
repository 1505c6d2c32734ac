import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../testing/fixtures.ts';
import { mapOpenAIError } from './map-openai-error.ts';

const body = (message: string, extra: Record<string, unknown> = {}) => ({ error: { message, type: 'invalid_request_error', ...extra } });

describe('mapOpenAIError', () => {
  it.each([
    [400, 'bad_request', 400],
    [401, 'authentication', 401],
    [403, 'permission', 403],
    [404, 'not_found', 404],
    [408, 'timeout', 504],
    [409, 'upstream_error', 502],
    [422, 'bad_request', 400],
    [429, 'rate_limit', 429],
    [500, 'upstream_error', 502],
    [502, 'upstream_error', 502],
    [503, 'upstream_unavailable', 503],
    [504, 'upstream_error', 502],
  ] as const)('maps HTTP %i to %s / %i', (status, kind, clientStatus) => {
    const error = mapOpenAIError({ status, body: body('nope') });
    expect(error).toMatchObject({ kind, status: clientStatus, message: 'nope', options: { upstreamStatus: status } });
  });

  it('maps the recorded 429 insufficient_quota body with its Retry-After', () => {
    const error = mapOpenAIError({ status: 429, body: fixtureJson('openai/openai-error.1.json'), headers: { 'retry-after': '20' } });
    expect(error).toMatchObject({ kind: 'rate_limit', status: 429, options: { code: 'insufficient_quota', retryAfterSeconds: 20 } });
    expect(error.message).toMatch(/^You exceeded your current quota/);
    expect(error.isRetryable).toBe(true);
  });

  it('reads retry-after-ms and HTTP dates', () => {
    expect(mapOpenAIError({ status: 429, body: {}, headers: { 'retry-after-ms': '1500' } }).options.retryAfterSeconds).toBe(2);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const seconds = mapOpenAIError({ status: 429, body: {}, headers: { 'retry-after': inTenSeconds } }).options.retryAfterSeconds;
    expect(seconds).toBeGreaterThanOrEqual(8);
    expect(seconds).toBeLessThanOrEqual(11);
  });

  it('keeps code and param of the recorded unsupported-parameter error', () => {
    const error = mapOpenAIError({ status: 400, body: fixtureJson('openai/reasoning-model-legacy-parameter-error.json') });
    expect(error).toMatchObject({ kind: 'bad_request', status: 400, options: { code: 'unsupported_parameter', param: 'max_tokens' } });
  });

  it('falls back to the error type when there is no code (recorded Groq error, issue 10023)', () => {
    const error = mapOpenAIError({ status: 400, body: fixtureJson('groq/issue-10023-output-with-tools-error.json') });
    expect(error).toMatchObject({ kind: 'bad_request', options: { code: 'invalid_request_error', param: 'response_format' } });
    expect(error.message).toBe('json mode cannot be combined with tool/function calling');
  });

  it('recognises context window errors by code or by message', () => {
    const byCode = mapOpenAIError({ status: 400, body: body('too long', { code: 'context_length_exceeded' }) });
    const byMessage = mapOpenAIError({ status: 400, body: body("This model's maximum context length is 8192 tokens.") });
    for (const error of [byCode, byMessage]) {
      expect(error).toMatchObject({ kind: 'context_window_exceeded', status: 400 });
      expect(error.allowsFallback).toBe(true);
    }
  });

  it('recognises content policy errors', () => {
    expect(mapOpenAIError({ status: 400, body: body('no', { code: 'content_policy_violation' }) }).kind).toBe('content_policy');
    expect(mapOpenAIError({ status: 400, body: body('no', { code: 'content_filter' }) }).kind).toBe('content_policy');
  });

  it('reads Mistral/vLLM top-level errors, string errors and non-JSON bodies', () => {
    expect(mapOpenAIError({ status: 422, body: { object: 'error', message: 'Extra inputs are not permitted', type: 'invalid_request_error' } }).message).toBe(
      'Extra inputs are not permitted',
    );
    expect(mapOpenAIError({ status: 500, body: { error: 'model crashed' } }).message).toBe('model crashed');
    expect(mapOpenAIError({ status: 502, body: '<html>Bad Gateway</html>' })).toMatchObject({ kind: 'upstream_error', message: '<html>Bad Gateway</html>' });
  });

  it('maps in-stream errors (no HTTP status) by their code', () => {
    expect(mapOpenAIError({ body: { error: { code: 'rate_limit_exceeded', message: 'slow down' } } })).toMatchObject({ kind: 'rate_limit', status: 429 });
    expect(mapOpenAIError({ body: { error: { code: 'server_error', message: 'oops' } } })).toMatchObject({ kind: 'upstream_error', status: 502 });
    expect(mapOpenAIError({ body: { error: { code: 'context_length_exceeded', message: 'long' } } }).kind).toBe('context_window_exceeded');
  });

  it('never lets the API key or key-shaped text through', () => {
    const key = 'sk-live-SECRET0123456789';
    const error = mapOpenAIError({
      status: 401,
      body: body(`Incorrect API key provided: ${key}. Sent header: Bearer ${key}. Other: sk-proj-abcdefghijklmnop`),
      secrets: [key],
    });
    expect(error.message).not.toContain('SECRET');
    expect(error.message).not.toContain('abcdefghijklmnop');
    expect(error.message).not.toMatch(/Bearer\s+\S*[0-9]/);
    expect(error.kind).toBe('authentication');
  });
});
