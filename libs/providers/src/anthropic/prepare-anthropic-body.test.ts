import { describe, expect, it } from 'vitest';
import { testTarget } from '../testing/test-call.ts';
import { DEFAULT_MAX_TOKENS, prepareAnthropicBody } from './prepare-anthropic-body.ts';

const target = testTarget({ provider: 'anthropic', model: 'claude-x' });
const messages = [{ role: 'user', content: 'Hi' }];

function prepare(body: Record<string, unknown>, stream = false) {
  const warnings: string[] = [];
  const prepared = prepareAnthropicBody({ model: 'public', messages, ...body }, target, stream, (w) => warnings.push(w));
  return { ...prepared, warnings };
}

describe('prepareAnthropicBody', () => {
  it('sets the upstream model and a max_tokens default (request, then deployment param, then 4096)', () => {
    expect(prepare({}).body).toMatchObject({ model: 'claude-x', max_tokens: DEFAULT_MAX_TOKENS });
    expect(prepare({ max_tokens: 50 }).body.max_tokens).toBe(50);
    expect(prepare({ max_completion_tokens: 60, max_tokens: 50 }).body.max_tokens).toBe(60);
    expect(prepareAnthropicBody({ messages }, { ...target, params: { max_tokens: 1000 } }, false).body.max_tokens).toBe(1000);
    expect(prepare({}, true).body.stream).toBe(true);
    expect(prepare({}).body.stream).toBeUndefined();
  });

  it('maps stop, temperature, top_p and user; passes top_k and thinking through', () => {
    const { body, warnings } = prepare({ stop: 'END', temperature: 0.2, top_p: 0.9, user: 'u-1', top_k: 5, thinking: { type: 'enabled', budget_tokens: 1024 } });
    expect(body).toMatchObject({ stop_sequences: ['END'], temperature: 0.2, top_p: 0.9, metadata: { user_id: 'u-1' }, top_k: 5, thinking: { type: 'enabled', budget_tokens: 1024 } });
    expect(warnings).toEqual([]);
    expect(prepare({ stop: ['a', 'b'] }).body.stop_sequences).toEqual(['a', 'b']);
  });

  it('lowers a temperature above 1, and drops fields Anthropic refuses, each with a warning', () => {
    const { body, warnings } = prepare({ temperature: 1.5, presence_penalty: 1, logit_bias: {}, stream_options: { include_usage: true }, metadata: { tag: 'x' } });
    expect(body.temperature).toBe(1);
    expect(body).not.toHaveProperty('presence_penalty');
    expect(body).not.toHaveProperty('metadata');
    expect(warnings).toEqual([
      "anthropic does not support 'presence_penalty'; it was dropped from the request",
      "anthropic does not support 'logit_bias'; it was dropped from the request",
      'anthropic accepts temperature up to 1; 1.5 was lowered to 1',
    ]);
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    ['required', { type: 'any' }],
    [{ type: 'function', function: { name: 'weather' } }, { type: 'tool', name: 'weather' }],
  ])('maps tool_choice %j', (choice, expected) => {
    const tools = [{ type: 'function', function: { name: 'weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const { body } = prepare({ tools, tool_choice: choice });
    expect(body.tools).toEqual([{ name: 'weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }]);
    expect(body.tool_choice).toEqual(expected);
  });

  it('maps parallel_tool_calls: false to disable_parallel_tool_use', () => {
    const tools = [{ type: 'function', function: { name: 'f' } }];
    expect(prepare({ tools, parallel_tool_calls: false }).body).toMatchObject({ tools: [{ name: 'f', input_schema: { type: 'object', properties: {} } }], tool_choice: { type: 'auto', disable_parallel_tool_use: true } });
  });

  it('forces a JSON tool for response_format, alone or next to the client\'s tools', () => {
    const alone = prepare({ response_format: { type: 'json_object' } });
    expect(alone.jsonToolName).toBe('json_response');
    expect(alone.body).toMatchObject({ tools: [{ name: 'json_response', input_schema: { type: 'object' } }], tool_choice: { type: 'tool', name: 'json_response' } });
    const withTools = prepare({ response_format: { type: 'json_object' }, tools: [{ type: 'function', function: { name: 'f' } }] });
    expect(withTools.body.tools?.map((t) => t.name)).toEqual(['f', 'json_response']);
    expect(withTools.body.tool_choice).toEqual({ type: 'any' });
    expect(prepare({ response_format: { type: 'text' } }).body.tools).toBeUndefined();
  });

  it('refuses n > 1, non-object schemas and malformed messages with a 400', () => {
    expect(() => prepare({ n: 2 })).toThrow(expect.objectContaining({ status: 400, message: expect.stringContaining('n must be 1') }));
    expect(() => prepare({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'array' } } } })).toThrow(/JSON object/);
    expect(() => prepareAnthropicBody({ messages: [{ role: 'assistant', tool_calls: [{ id: 1 }] }] }, target, false)).toThrow(expect.objectContaining({ kind: 'bad_request', message: expect.stringMatching(/^messages\.0\.tool_calls\.0/) }));
  });
});
