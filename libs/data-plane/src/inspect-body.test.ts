import { describe, expect, it } from 'vitest';
import { HttpError } from '@switchboard/service-kit';
import { inspectBody } from './inspect-body.ts';

function refusal(body: unknown): HttpError {
  try {
    inspectBody(body);
  } catch (err) {
    return err as HttpError;
  }
  throw new Error('expected a refusal');
}

describe('inspectBody', () => {
  it.each([
    [{ model: 'x', api_base: 'http://evil' }, 'api_base'],
    [{ model: 'x', base_url: 'http://evil' }, 'base_url'],
    [{ model: 'x', api_key: 'sk-mine' }, 'api_key'],
    [{ model: 'x', metadata: { deep: { deeper: { api_base: 'http://evil' } } } }, 'metadata.deep.deeper.api_base'],
    [{ model: 'x', messages: [{ role: 'user', content: 'hi', extra: [{ aws_secret_access_key: 'x' }] }] }, 'messages[0].extra[0].aws_secret_access_key'],
    [{ model: 'x', litellm_params: { vertex_credentials: '{}' } }, 'litellm_params.vertex_credentials'],
  ])('refuses smuggled credentials in %j', (body, param) => {
    const error = refusal(body);
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.code).toBe('forbidden_parameter');
  });

  it('allows the same names as property names inside tool parameter schemas', () => {
    const body = {
      model: 'x',
      tools: [{ type: 'function', function: { name: 'connect', parameters: { type: 'object', properties: { base_url: { type: 'string' }, api_key: { type: 'string' } } } } }],
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { properties: { credentials: { type: 'string' } } } } },
    };
    expect(() => inspectBody(body)).not.toThrow();
  });

  it('refuses nesting past the limit without recursion', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const error = refusal({ model: 'x', messages: deep });
    expect(error.status).toBe(400);
    expect(error.code).toBe('body_too_deep');
  });

  it('accepts ordinary chat bodies', () => {
    expect(() => inspectBody({ model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], temperature: 0.2 })).not.toThrow();
  });
});
