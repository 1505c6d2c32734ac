import { describe, expect, it } from 'vitest';
import { mapAnthropicError } from './map-anthropic-error.ts';

const body = (type: string, message = 'something happened') => ({ type: 'error', error: { type, message } });

describe('mapAnthropicError', () => {
  it.each([
    [400, 'invalid_request_error', 'bad_request', 400],
    [401, 'authentication_error', 'authentication', 401],
    [403, 'permission_error', 'permission', 403],
    [404, 'not_found_error', 'not_found', 404],
    [413, 'request_too_large', 'bad_request', 413],
    [429, 'rate_limit_error', 'rate_limit', 429],
    [500, 'api_error', 'upstream_error', 502],
    [529, 'overloaded_error', 'upstream_unavailable', 503],
  ])('HTTP %i %s → %s / %i', (status, type, kind, clientStatus) => {
    expect(mapAnthropicError({ status, body: body(type) })).toMatchObject({ kind, status: clientStatus, options: { code: type, upstreamStatus: status } });
  });

  it('recognizes a prompt that is too long', () => {
    const error = mapAnthropicError({ status: 400, body: body('invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum') });
    expect(error).toMatchObject({ kind: 'context_window_exceeded', status: 400, allowsFallback: true });
  });

  it('reads Retry-After on 429s and falls back to the status for unknown bodies', () => {
    expect(mapAnthropicError({ status: 429, body: body('rate_limit_error'), headers: { 'retry-after': '12' } }).options.retryAfterSeconds).toBe(12);
    expect(mapAnthropicError({ status: 529, body: '<html>overloaded</html>' })).toMatchObject({ kind: 'upstream_unavailable', status: 503 });
    expect(mapAnthropicError({ status: 418, body: 'teapot' })).toMatchObject({ kind: 'bad_request', status: 400 });
    expect(mapAnthropicError({ body: body('overloaded_error') })).toMatchObject({ kind: 'upstream_unavailable', status: 503 });
  });

  it('never repeats the key', () => {
    const key = 'sk-ant-api03-abcdefghijklmnop';
    const error = mapAnthropicError({ status: 401, body: body('authentication_error', `invalid x-api-key ${key}`), secrets: [key] });
    expect(error.message).not.toContain(key);
  });
});
