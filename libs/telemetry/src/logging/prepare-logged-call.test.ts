import { describe, expect, it } from 'vitest';
import type { LoggedCall } from './logged-call.ts';
import { prepareLoggedCall } from './prepare-logged-call.ts';

const call: LoggedCall = {
  requestId: 'r', route: '/v1/chat/completions', startTime: 0, endTime: 1, cost: '0', status: 200,
  keyHash: 'h', keyAlias: 'a', teamId: 't', userId: 'u', messages: [{ role: 'user', content: 'token sk-abc' }], responseText: 'ok sk-abc',
};

describe('prepareLoggedCall', () => {
  it('drops content with turn_off_message_logging', () => {
    const prepared = prepareLoggedCall(call, { messageLogging: false, redactUserApiKeyInfo: false });
    expect(prepared).not.toHaveProperty('messages');
    expect(prepared).not.toHaveProperty('responseText');
    expect(prepared.keyAlias).toBe('a');
  });

  it('redacts content and drops identities when asked, leaving the original alone', () => {
    const prepared = prepareLoggedCall(call, { messageLogging: true, redactUserApiKeyInfo: true, redactText: (text) => text.replace(/sk-\w+/g, '[redacted]') });
    expect(prepared).toMatchObject({ messages: [{ role: 'user', content: 'token [redacted]' }], responseText: 'ok [redacted]' });
    for (const field of ['keyHash', 'keyAlias', 'teamId', 'userId']) expect(prepared).not.toHaveProperty(field);
    expect(call.keyHash).toBe('h');
  });

  it('returns the same object when there is nothing to change', () => {
    const plain = { ...call, messages: undefined, responseText: undefined };
    expect(prepareLoggedCall(plain, { messageLogging: false, redactUserApiKeyInfo: false })).toBe(plain);
  });
});
