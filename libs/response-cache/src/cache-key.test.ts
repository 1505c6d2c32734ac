import { describe, expect, it } from 'vitest';
import { cacheKeyOf } from './cache-key.ts';

const base = { callType: 'completion' as const, modelGroup: 'gpt', scope: 'team:a' };
const messages = [{ role: 'user', content: 'hi' }];

describe('cacheKeyOf', () => {
  it('is the same for the same question, whatever the key order, delivery or spelled-out defaults', () => {
    const key = cacheKeyOf({ ...base, body: { model: 'gpt', messages } });
    expect(cacheKeyOf({ ...base, body: { messages: [{ content: 'hi', role: 'user' }], model: 'alias', stream: true, stream_options: { include_usage: true }, temperature: 1, n: 1, user: 'u', metadata: { a: 1 }, cache: { ttl: 5 }, top_p: null } })).toBe(key);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs for anything that changes the answer: parameters, model group, call type, scope, namespace', () => {
    const key = cacheKeyOf({ ...base, body: { messages } });
    const others = [
      cacheKeyOf({ ...base, body: { messages, temperature: 0 } }),
      cacheKeyOf({ ...base, body: { messages: [{ role: 'user', content: 'hi!' }] } }),
      cacheKeyOf({ ...base, modelGroup: 'other', body: { messages } }),
      cacheKeyOf({ ...base, callType: 'anthropic_messages', body: { messages } }),
      cacheKeyOf({ ...base, scope: 'team:b', body: { messages } }),
    ];
    expect(new Set([key, ...others]).size).toBe(6);
    expect(cacheKeyOf({ ...base, namespace: 'ns', body: { messages } })).toBe(`ns:${key}`);
  });
});
