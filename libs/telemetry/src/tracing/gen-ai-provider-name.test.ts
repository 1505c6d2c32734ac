import { describe, expect, it } from 'vitest';
import { genAiProviderName } from './gen-ai-provider-name.ts';

describe('genAiProviderName', () => {
  it("maps our provider ids to the conventions' well-known values and keeps the others", () => {
    expect(['openai', 'azure', 'bedrock', 'vertex_ai', 'gemini', 'mistral', 'xai', 'together_ai'].map(genAiProviderName)).toEqual([
      'openai', 'azure.ai.openai', 'aws.bedrock', 'gcp.vertex_ai', 'gcp.gemini', 'mistral_ai', 'x_ai', 'together_ai',
    ]);
  });
});
