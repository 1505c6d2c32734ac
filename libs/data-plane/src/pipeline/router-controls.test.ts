import { describe, expect, it } from 'vitest';
import { FIELDS, takeRouterControls } from './router-controls.ts';
import { countedBody } from './resolve-fallbacks.ts';

describe('takeRouterControls', () => {
  it('is undefined for a request that sends none, and leaves its body alone', () => {
    const body = { model: 'm', messages: [], temperature: 0 };
    expect(takeRouterControls(body, {}, ['m'])).toBeUndefined();
    expect(body).toEqual({ model: 'm', messages: [], temperature: 0 });
  });

  it('sees each control alone (its quick check covers every field it takes)', () => {
    for (const field of FIELDS) {
      const body: Record<string, unknown> = { model: 'm', [field]: null };
      expect({ field, controls: takeRouterControls(body, {}, ['m']) }).toEqual({ field, controls: {} });
      expect(body).toEqual({ model: 'm' });
    }
  });

  it('takes every control out of the body, explicit nulls included (null is unset)', () => {
    const body: Record<string, unknown> = { model: 'm', fallbacks: null, num_retries: null, timeout: null, request_timeout: null, disable_fallbacks: null, mock_timeout: null, mock_testing_fallbacks: false, top_p: 1 };
    expect(takeRouterControls(body, {}, ['m'])).toEqual({});
    expect(body).toEqual({ model: 'm', top_p: 1 });
  });

  it('takes a mock answer only for a key that may ask for one, and always out of the body', () => {
    const asked = () => ({ model: 'm', mock_response: 'hi', mock_tool_calls: null });
    const plain = asked();
    expect(takeRouterControls(plain, {}, ['m'])).toEqual({});
    expect(plain).toEqual({ model: 'm' });
    const allowed = asked();
    expect(takeRouterControls(allowed, {}, ['m'], true)).toEqual({ mockResponse: 'hi' });
    expect(allowed).toEqual({ model: 'm' });
    expect(() => takeRouterControls({ mock_response: 7 }, {}, ['m'], true)).toThrow(expect.objectContaining({ status: 400, param: 'mock_response' }));
    expect(() => takeRouterControls({ mock_tool_calls: [] }, {}, ['m'], true)).toThrow(expect.objectContaining({ status: 400, param: 'mock_tool_calls' }));
    // Nobody else is refused for them: they are taken out, as LiteLLM strips them.
    expect(takeRouterControls({ mock_response: 7, mock_tool_calls: [] }, {}, ['m'])).toEqual({});
  });

  it("reads LiteLLM's three forms of fallbacks", () => {
    expect(takeRouterControls({ fallbacks: ['a', 'b'] }, {}, ['m'])?.fallbacks).toEqual([{ model: 'a' }, { model: 'b' }]);
    expect(takeRouterControls({ fallbacks: [{ model: 'a', temperature: 0 }, { model: 'b' }] }, {}, ['m'])?.fallbacks).toEqual([{ model: 'a', overrides: { temperature: 0 } }, { model: 'b' }]);
    // The config's form: the entry for the model as sent or its group, else "*".
    expect(takeRouterControls({ fallbacks: [{ x: ['a'] }, { group: ['b'] }] }, {}, ['alias', 'group'])?.fallbacks).toEqual([{ model: 'b' }]);
    expect(takeRouterControls({ fallbacks: [{ x: ['a'] }, { '*': ['c'] }] }, {}, ['m'])?.fallbacks).toEqual([{ model: 'c' }]);
    expect(takeRouterControls({ fallbacks: [{ x: ['a'] }] }, {}, ['m'])?.fallbacks).toEqual([]);
  });

  it('refuses a fallback entry that replaces what holds for the whole request', () => {
    for (const field of ['stream', 'user', 'metadata', 'guardrails', 'fallbacks', 'mock_timeout']) {
      expect(() => takeRouterControls({ fallbacks: [{ model: 'a', [field]: true }] }, {}, ['m'])).toThrow(expect.objectContaining({ status: 400 }));
    }
  });

  it('takes the deadline from the header first, then timeout, then request_timeout', () => {
    expect(takeRouterControls({ timeout: 2, request_timeout: 3 }, { 'x-litellm-timeout': '0.5' }, ['m'])?.timeoutMs).toBe(500);
    expect(takeRouterControls({ timeout: '2', request_timeout: 3 }, {}, ['m'])?.timeoutMs).toBe(2000);
    expect(takeRouterControls({ request_timeout: 3 }, {}, ['m'])?.timeoutMs).toBe(3000);
    for (const bad of [0, -1, 'soon', 1e9, Number.NaN]) expect(() => takeRouterControls({ timeout: bad }, {}, ['m'])).toThrow(expect.objectContaining({ status: 400 }));
  });

  it("tells the mock flags apart: a group's failure runs its fallbacks, a rate limit its retries", () => {
    expect(takeRouterControls({ mock_testing_fallbacks: true }, {}, ['m'])?.simulatedFailure).toMatchObject({ kind: 'upstream_error' });
    const limited = takeRouterControls({ mock_testing_rate_limit_error: true }, {}, ['m']);
    expect(limited?.failFirstAttempt).toMatchObject({ kind: 'rate_limit', status: 429 });
    expect(limited?.simulatedFailure).toBeUndefined();
  });
});

describe('countedBody', () => {
  it("counts the request's text and each replacement together, so the reservation covers any attempt", () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'a' }], prompt: 'p' };
    const counted = countedBody(body, { groups: ['x'], overrides: new Map([['x', { messages: [{ role: 'user', content: 'b' }], prompt: 'q', temperature: 0 }]]) });
    expect(counted).toEqual({ model: 'm', messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }], prompt: 'p\nq' });
    expect(body.messages).toHaveLength(1);
    expect(countedBody(body, { groups: ['x'], overrides: new Map() })).toBe(body);
  });
});
