import { describe, expect, it } from 'vitest';
import { anthropicRequestSchema } from './anthropic-request-schema.ts';
import { anthropicToOpenAIRequest } from './anthropic-to-openai-request.ts';

const translate = (body: Record<string, unknown>) => anthropicToOpenAIRequest(anthropicRequestSchema.parse({ model: 'claude', max_tokens: 100, ...body }));

describe('anthropicToOpenAIRequest', () => {
  it('maps the system prompt, parameters and metadata', () => {
    const { body, warnings } = translate({
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Be kind.' }],
      messages: [{ role: 'user', content: 'Hi' }],
      stop_sequences: ['END'],
      temperature: 0.3,
      top_p: 0.8,
      metadata: { user_id: 'user-7' },
      stream: true,
    });
    expect(body).toEqual({ model: 'claude', max_tokens: 100, stop: ['END'], temperature: 0.3, top_p: 0.8, user: 'user-7', messages: [{ role: 'system', content: 'Be brief.\nBe kind.' }, { role: 'user', content: 'Hi' }] });
    expect(warnings).toEqual([]);
  });

  it('turns tool_use into tool_calls and tool_result into tool messages placed before the user text', () => {
    const { body } = translate({
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: [{ type: 'text', text: 'Checking' }, { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'sunny' }] }, { type: 'text', text: 'And tomorrow?' }] },
      ],
      tools: [{ name: 'weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
    });
    expect(body.messages).toEqual([
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: 'Checking', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'sunny' },
      { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
    ]);
    expect(body).toMatchObject({
      tools: [{ type: 'function', function: { name: 'weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
    });
  });

  it.each([
    [{ type: 'auto' }, 'auto'],
    [{ type: 'none' }, 'none'],
    [{ type: 'tool', name: 'weather' }, { type: 'function', function: { name: 'weather' } }],
  ])('maps tool_choice %j', (choice, expected) => {
    expect(translate({ messages: [{ role: 'user', content: 'x' }], tools: [{ name: 'weather', input_schema: { type: 'object' } }], tool_choice: choice }).body.tool_choice).toEqual(expected);
  });

  it('converts images and PDFs to content parts', () => {
    const { body } = translate({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
            { type: 'document', title: 'spec.pdf', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' } },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
          { type: 'file', file: { filename: 'spec.pdf', file_data: 'data:application/pdf;base64,JVBER' } },
        ],
      },
    ]);
  });

  it('notes everything it had to leave out: thinking, server tools, Anthropic-only fields', () => {
    const { body, warnings } = translate({
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 's' }, { type: 'text', text: 'Hello' }] },
        { role: 'user', content: 'Search' },
      ],
      tools: [{ type: 'web_search_20250305', name: 'web_search' }],
      top_k: 5,
      thinking: { type: 'enabled', budget_tokens: 1000 },
    });
    expect(body.tools).toBeUndefined();
    expect(body.messages).toContainEqual({ role: 'assistant', content: 'Hello' });
    expect([...warnings].sort()).toEqual([
      "'thinking' was dropped: the model is not served by Anthropic, and OpenAI's format has no equivalent",
      "'top_k' was dropped: the model is not served by Anthropic, and OpenAI's format has no equivalent",
      'the server tool web_search (web_search_20250305) was left out: only Anthropic runs it',
      "thinking blocks in earlier assistant turns were left out: the model is not served by Anthropic, and OpenAI's format has no equivalent",
    ]);
  });
});
