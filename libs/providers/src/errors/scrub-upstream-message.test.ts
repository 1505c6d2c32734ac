import { describe, expect, it } from 'vitest';
import { scrubUpstreamMessage } from './scrub-upstream-message.ts';

describe('scrubUpstreamMessage', () => {
  it('redacts configured secrets, key-shaped text and the provider key patterns, then cuts the length', () => {
    const text = `bad key my-deployment-secret-value, sk-proj-0123456789abcdef and AKIAABCDEFGHIJKLMNOP; ${'x'.repeat(2000)}`;
    const scrubbed = scrubUpstreamMessage(text, ['my-deployment-secret-value'], [/\bAKIA[A-Z0-9]{12,}\b/g]);
    expect(scrubbed).toMatch(/^bad key \[redacted\], \[redacted\] and \[redacted\]; x+$/);
    expect(scrubbed).toHaveLength(1000);
  });
});
