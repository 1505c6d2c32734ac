import { describe, expect, it } from 'vitest';
import { genAiRequestAttributes } from './gen-ai-request-attributes.ts';

describe('genAiRequestAttributes', () => {
  it('reads an OpenAI chat body', () => {
    expect(genAiRequestAttributes({ model: 'gpt-4o', temperature: 0.2, max_completion_tokens: 300, top_p: 0.9, stop: 'END', n: 2, seed: 7, stream: true, messages: [] })).toEqual({
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 300,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.seed': 7,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.request.choice.count': 2,
      'gen_ai.request.stream': true,
    });
  });

  it("reads an Anthropic body's top_k and stop_sequences, leaves n=1 and wrong types out", () => {
    expect(genAiRequestAttributes({ max_tokens: 1024, top_k: 40, stop_sequences: ['\n\nHuman:'], n: 1, temperature: 'hot' })).toEqual({
      'gen_ai.request.max_tokens': 1024,
      'gen_ai.request.top_k': 40,
      'gen_ai.request.stop_sequences': ['\n\nHuman:'],
    });
  });
});
