import type { JsonResult } from '../provider.ts';
import type { Usage } from '../usage.ts';
import { chatUsageWire } from './mock-usage.ts';

export interface MockReply {
  id: string;
  model: string;
  created: number;
  text: string;
  usage: Usage;
}

export function mockChatCompletion(reply: MockReply): JsonResult {
  const body = {
    id: `chatcmpl-${reply.id}`,
    object: 'chat.completion',
    created: reply.created,
    model: reply.model,
    choices: [{ index: 0, message: { role: 'assistant', content: reply.text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: chatUsageWire(reply.usage),
  };
  return { body, usage: reply.usage };
}

export function mockTextCompletion(reply: MockReply): JsonResult {
  const body = {
    id: `cmpl-${reply.id}`,
    object: 'text_completion',
    created: reply.created,
    model: reply.model,
    choices: [{ index: 0, text: reply.text, logprobs: null, finish_reason: 'stop' }],
    usage: chatUsageWire(reply.usage),
  };
  return { body, usage: reply.usage };
}

export function mockResponse(reply: MockReply): JsonResult {
  const body = {
    id: `resp_${reply.id}`,
    object: 'response',
    created_at: reply.created,
    status: 'completed',
    model: reply.model,
    output: [
      {
        id: `msg_${reply.id}`,
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: reply.text, annotations: [] }],
      },
    ],
    usage: {
      input_tokens: reply.usage.promptTokens,
      output_tokens: reply.usage.completionTokens,
      total_tokens: reply.usage.totalTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    },
  };
  return { body, usage: reply.usage };
}
