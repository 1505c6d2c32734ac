import { createOpenAIStyleAdapter } from '../openai-wire/openai-style-adapter.ts';

/** OpenAI itself: every operation, usage requested in streams, `[DONE]` at the end of chat streams. */
export const openaiAdapter = createOpenAIStyleAdapter({
  name: 'openai',
  defaultApiBase: 'https://api.openai.com/v1',
  requiresApiKey: true,
  operations: ['chat', 'completions', 'embeddings', 'images', 'moderations', 'responses', 'audio_speech', 'audio_transcriptions', 'audio_translations'],
  streamOperations: ['chat', 'completions', 'responses'],
  streamOptions: true,
  sendsDone: true,
  usage: {},
});
