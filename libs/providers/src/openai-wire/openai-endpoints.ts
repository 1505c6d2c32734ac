import type { JsonOperation } from '../provider.ts';

export type OpenAIOperation = JsonOperation | 'audio_speech' | 'audio_transcriptions' | 'audio_translations';

/** Path of each operation below the API base (`https://api.openai.com/v1` and compatible bases). */
export const OPENAI_PATHS: Readonly<Record<OpenAIOperation, string>> = {
  chat: '/chat/completions',
  completions: '/completions',
  embeddings: '/embeddings',
  images: '/images/generations',
  moderations: '/moderations',
  responses: '/responses',
  audio_speech: '/audio/speech',
  audio_transcriptions: '/audio/transcriptions',
  audio_translations: '/audio/translations',
};

export function openaiUrl(apiBase: string, operation: OpenAIOperation): string {
  return apiBase.replace(/\/+$/, '') + OPENAI_PATHS[operation];
}
