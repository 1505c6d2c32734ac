import { describe, expect, it } from 'vitest';
import { errorKindForStatus } from './error-kind-for-status.ts';

describe('errorKindForStatus', () => {
  it.each([
    [400, 'bad_request', 400],
    [401, 'authentication', 401],
    [403, 'permission', 403],
    [404, 'not_found', 404],
    [408, 'timeout', 504],
    [413, 'bad_request', 413],
    [418, 'bad_request', 400],
    [422, 'bad_request', 400],
    [429, 'rate_limit', 429],
    [500, 'upstream_error', 502],
    [503, 'upstream_unavailable', 503],
    [504, 'timeout', 504],
    [599, 'upstream_error', 502],
  ] as const)('maps HTTP %i to %s / %i', (status, kind, clientStatus) => {
    expect(errorKindForStatus(status)).toEqual([kind, clientStatus]);
  });

  it('lets a provider table win over the shared one', () => {
    const overrides = { 498: ['authentication', 401], 504: ['upstream_error', 502] } as const;
    expect(errorKindForStatus(498, overrides)).toEqual(['authentication', 401]);
    expect(errorKindForStatus(504, overrides)).toEqual(['upstream_error', 502]);
    expect(errorKindForStatus(429, overrides)).toEqual(['rate_limit', 429]);
  });

  it('treats an error without a status (inside a stream) as an upstream error', () => {
    expect(errorKindForStatus(undefined)).toEqual(['upstream_error', 502]);
  });
});
