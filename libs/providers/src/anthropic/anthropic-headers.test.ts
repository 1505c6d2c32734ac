import { describe, expect, it } from 'vitest';
import { testTarget } from '../testing/test-call.ts';
import { parseAnthropicBetas } from './anthropic-betas.ts';
import { anthropicUrl } from './anthropic-endpoints.ts';
import { anthropicHeaders } from './anthropic-headers.ts';

describe('anthropic endpoints and headers', () => {
  it.each(['https://api.anthropic.com', 'https://api.anthropic.com/', 'https://api.anthropic.com/v1', 'https://api.anthropic.com/v1/messages'])('reads the api_base %s as the API root', (base) => {
    expect(anthropicUrl(base, 'messages')).toBe('https://api.anthropic.com/v1/messages');
    expect(anthropicUrl(base, 'count_tokens')).toBe('https://api.anthropic.com/v1/messages/count_tokens');
  });

  it('sends the key as x-api-key, a default or configured version, and merged betas', () => {
    const target = testTarget({ provider: 'anthropic', apiKey: 'k-123', params: { anthropic_beta: 'a-1, b-2', extra_headers: { 'X-Team': 't' } } });
    expect(anthropicHeaders(target, 'application/json', ['b-2', 'c-3'])).toEqual({
      'x-team': 't',
      accept: 'application/json',
      'content-type': 'application/json',
      'x-api-key': 'k-123',
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'a-1,b-2,c-3',
    });
    expect(anthropicHeaders({ ...target, params: { anthropic_version: '2024-01-01' } }, 'text/event-stream')['anthropic-version']).toBe('2024-01-01');
    expect(anthropicHeaders({ ...target, params: {} }, 'x')).not.toHaveProperty('authorization');
  });

  it('accepts only plain beta tokens from clients', () => {
    expect(parseAnthropicBetas('prompt-caching-2024-07-31, token-efficient-tools-2025-02-19')).toEqual({ betas: ['prompt-caching-2024-07-31', 'token-efficient-tools-2025-02-19'], rejected: [] });
    expect(parseAnthropicBetas('ok-1,bad value,x\r\nX-Evil: 1').rejected).toEqual(['bad value', 'x\r\nX-Evil: 1']);
    expect(parseAnthropicBetas(Array.from({ length: 40 }, (_, i) => `b-${i}`)).betas).toHaveLength(16);
    expect(parseAnthropicBetas(undefined)).toEqual({ betas: [], rejected: [] });
  });
});
