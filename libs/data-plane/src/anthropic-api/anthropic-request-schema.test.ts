import { describe, expect, it } from 'vitest';
import { validateBody } from '../request-schemas.ts';
import { anthropicCountTokensRequestSchema, anthropicRequestSchema } from './anthropic-request-schema.ts';

const valid = { model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] };
const problem = (body: unknown) => {
  try {
    validateBody(anthropicRequestSchema, body);
  } catch (error) {
    return (error as Error).message;
  }
  return 'valid';
};

describe('anthropicRequestSchema', () => {
  it('accepts every known block type and keeps fields it does not check', () => {
    const body = {
      ...valid,
      system: [{ type: 'text', text: 'Be brief', cache_control: { type: 'ephemeral' } }],
      thinking: { type: 'enabled', budget_tokens: 1024 },
      service_tier: 'auto',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Look', cache_control: { type: 'ephemeral', ttl: '1h' } }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AA==' } }, { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'doc' } }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }, { type: 'redacted_thinking', data: 'x' }, { type: 'tool_use', id: 't1', name: 'f', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'ok' }] }] },
        { role: 'assistant', content: [{ type: 'server_tool_use', id: 's1', name: 'web_search', input: {} }] },
      ],
    };
    expect(validateBody(anthropicRequestSchema, body)).toEqual(body);
  });

  it.each([
    ['missing max_tokens', { model: 'claude', messages: valid.messages }, 'max_tokens is required'],
    ['max_tokens 0', { ...valid, max_tokens: 0 }, 'max_tokens must be positive'],
    ['max_tokens as text', { ...valid, max_tokens: '100' }, 'max_tokens must be a number'],
    ['no messages', { ...valid, messages: [] }, 'messages must contain at least one message'],
    ['messages not an array', { ...valid, messages: 'Hi' }, 'messages must be an array'],
    ['a system role', { ...valid, messages: [{ role: 'system', content: 'x' }] }, 'messages.0.role: role must be user or assistant'],
    ['an unknown block type', { ...valid, messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] }, 'messages.0.content.0.type: unknown content block type "video"; expected one of text, image, document, tool_use'],
    ['a block without type', { ...valid, messages: [{ role: 'user', content: [{ text: 'x' }] }] }, 'unknown content block type (missing)'],
    ['a text block without text', { ...valid, messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages.0.content.0.text: text is required'],
    ['tool_use input not an object', { ...valid, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'f', input: 'x' }] }] }, 'input must be an object'],
    ['temperature above 1', { ...valid, temperature: 1.5 }, 'temperature'],
    ['stream as text', { ...valid, stream: 'yes' }, 'stream must be a boolean'],
    ['tool_choice tool without name', { ...valid, tool_choice: { type: 'tool' } }, 'tool_choice.name: name is required when type is tool'],
  ])('refuses %s', (_name, body, message) => {
    expect(problem(body)).toContain(message);
  });

  it('count_tokens takes the prompt without max_tokens', () => {
    expect(validateBody(anthropicCountTokensRequestSchema, { model: 'claude', messages: valid.messages })).toMatchObject({ model: 'claude' });
  });
});
