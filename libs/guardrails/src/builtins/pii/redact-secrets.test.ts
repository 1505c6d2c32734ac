import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets.ts';

describe('redactSecrets', () => {
  it('replaces every credential shape, in order, and leaves other text alone', () => {
    expect(redactSecrets('key sk-abcdefghijklmnopqrstuv and AKIAABCDEFGHIJKLMNOP')).toBe('key [REDACTED] and [REDACTED]');
    expect(redactSecrets('-----BEGIN PRIVATE KEY-----\nsk-abcdefghijklmnopqrstuv\n-----END PRIVATE KEY----- after')).toBe('[REDACTED] after');
    expect(redactSecrets('nothing secret here')).toBe('nothing secret here');
  });
});
