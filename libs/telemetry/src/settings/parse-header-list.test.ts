import { describe, expect, it } from 'vitest';
import { parseHeaderList } from './parse-header-list.ts';

describe('parseHeaderList', () => {
  it("reads OTel's name=value list with percent-encoded values", () => {
    expect(parseHeaderList('x-honeycomb-team=abc,Authorization=Basic%20dXNlcjpwYXNz')).toEqual({
      headers: { 'x-honeycomb-team': 'abc', Authorization: 'Basic dXNlcjpwYXNz' },
      invalidEntries: 0,
    });
  });

  it("reads LiteLLM's generic logger forms: name=value with spaces, name: value, and JSON", () => {
    expect(parseHeaderList('Authorization=Bearer token,Custom-Header=value').headers).toEqual({ Authorization: 'Bearer token', 'Custom-Header': 'value' });
    expect(parseHeaderList('Auth: token').headers).toEqual({ Auth: 'token' });
    expect(parseHeaderList('{"Authorization": "Bearer t", "X-N": 1}').headers).toEqual({ Authorization: 'Bearer t', 'X-N': '1' });
  });

  it('keeps an = inside a value and counts entries without a name', () => {
    expect(parseHeaderList('a=b=c,novalue,=x')).toEqual({ headers: { a: 'b=c' }, invalidEntries: 2 });
  });

  it('is empty for an unset variable', () => {
    expect(parseHeaderList(undefined)).toEqual({ headers: {}, invalidEntries: 0 });
  });
});
