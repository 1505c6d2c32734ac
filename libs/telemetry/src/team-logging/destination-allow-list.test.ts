import { describe, expect, it } from 'vitest';
import { createDestinationAllowList, DestinationAllowListError } from './destination-allow-list.ts';

describe('createDestinationAllowList', () => {
  const list = createDestinationAllowList(['cloud.langfuse.com', '*.hooks.example.com', 'http://collector.example.com:8080']);
  const allows = (url: string) => list.allows(new URL(url));

  it('allows listed hosts over https on the default port, subdomains of a wildcard, and a listed origin exactly', () => {
    expect(allows('https://cloud.langfuse.com/api/public/ingestion')).toBe(true);
    expect(allows('https://team-a.hooks.example.com/in')).toBe(true);
    expect(allows('http://collector.example.com:8080/x')).toBe(true);
  });

  it('refuses internal and unlisted hosts, other schemes and ports, and URLs with credentials', () => {
    for (const url of [
      'http://cloud.langfuse.com/',
      'https://cloud.langfuse.com:8443/',
      'https://hooks.example.com/',
      'https://evil.example.com.attacker.net/',
      'https://169.254.169.254/latest/meta-data',
      'http://127.0.0.1:5432/',
      'https://localhost/',
      'https://collector.example.com:8080/',
      'https://user:pass@cloud.langfuse.com/',
    ]) {
      expect(allows(url), url).toBe(false);
    }
  });

  it('refuses a malformed entry at start, naming it', () => {
    expect(() => createDestinationAllowList(['https://x.example.com/path'])).toThrow(DestinationAllowListError);
    expect(() => createDestinationAllowList(['*.com'])).toThrow('"*.com"');
  });
});
