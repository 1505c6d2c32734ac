import { createOpenAIStyleAdapter } from '../openai-wire/openai-style-adapter.ts';
import type { ProviderAdapter } from '../provider.ts';
import { countPromptTokens } from '../tokens/count-tokens.ts';
import { dropUnsupportedParams } from '../params/drop-unsupported-params.ts';
import { openAIChatParamsWithout } from '../params/openai-chat-params.ts';
import type { OpenAICompatibleProfile } from './openai-compatible-providers.ts';
import { withEstimatedUsage } from './with-estimated-usage.ts';

/**
 * An OpenAI-compatible provider: the OpenAI-style adapter configured from the provider's profile,
 * with unsupported fields dropped (and reported) before the call and usage counted when the stream
 * reports none.
 */
export function createOpenAICompatibleAdapter(name: string, profile: OpenAICompatibleProfile): ProviderAdapter {
  const base = createOpenAIStyleAdapter({
    name,
    defaultApiBase: profile.defaultApiBase,
    requiresApiKey: profile.requiresApiKey,
    operations: profile.operations,
    streamOperations: profile.streamOperations,
    streamOptions: profile.streamOptions,
    sendsDone: true,
    usage: { reasoningExcludedFromCompletion: profile.reasoningExcludedFromCompletion },
  });

  return {
    ...base,
    chatParams: base.chatParams.length === 0 ? [] : openAIChatParamsWithout(profile.unsupportedParams),
    json(operation, body, target, ctx) {
      return base.json(operation, dropUnsupportedParams(name, body, profile.unsupportedParams, ctx.onWarning), target, ctx);
    },
    async stream(operation, body, target, ctx) {
      const sent = dropUnsupportedParams(name, body, profile.unsupportedParams, ctx.onWarning);
      const events = await base.stream(operation, sent, target, ctx);
      return withEstimatedUsage(events, operation, () => countPromptTokens(operation, sent));
    },
  };
}
