import { describe, expect, it } from 'vitest';
import { scrubSecrets } from './scrub-secrets.ts';

describe('scrubSecrets', () => {
  it('removes the deployment key wherever it appears', () => {
    const key = 'my-self-hosted-key-42';
    expect(scrubSecrets(`bad key ${key} (${key})`, [key])).toBe('bad key [redacted] ([redacted])');
  });

  it('removes key-shaped text and bearer tokens even when the exact key is unknown', () => {
    const text = 'Incorrect API key provided: sk-proj-abc123DEF456ghi789. Header was Bearer abc.def-ghi; groq gsk_0123456789abcdefXYZ';
    const scrubbed = scrubSecrets(text);
    expect(scrubbed).not.toMatch(/sk-proj|abc\.def|gsk_0123/);
    expect(scrubbed).toContain('Incorrect API key provided: [redacted]');
  });

  it('leaves ordinary text and short values alone', () => {
    expect(scrubSecrets('task-management is a skill', ['abc'])).toBe('task-management is a skill');
  });
});
