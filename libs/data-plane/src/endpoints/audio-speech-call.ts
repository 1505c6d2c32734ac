import { countSpeechCharacters } from '@switchboard/pricing';
import type { CallSpec } from '../pipeline/call-spec.ts';
import { unsupported } from '../pipeline/route-call.ts';
import { openAiWireFormat } from '../wire-format.ts';

/**
 * `POST /v1/audio/speech`: JSON in, the upstream's audio bytes back. Limits count the text to speak as the
 * prompt; the price is per input character (`input_cost_per_character`), else the tokens the provider
 * reports, else the tokenizer's count of the input at the deployment's token prices.
 */
export function audioSpeechCall(body: Record<string, unknown> & { model: string; input: string }): CallSpec {
  const route = '/audio/speech';
  const characters = countSpeechCharacters(body.input);
  return {
    route,
    model: body.model,
    body,
    countAs: 'embeddings',
    respond: 'binary',
    format: openAiWireFormat({ clientWantsUsage: false, endMarker: false }),
    pricedBy: 'speech',
    attempt(deployment, adapter) {
      if (!adapter.speech || !adapter.supports('audio_speech')) throw unsupported({ route, model: body.model }, deployment.provider);
      const speech = adapter.speech.bind(adapter);
      return { call: (target, ctx) => speech(body, target, ctx) };
    },
    cost: (priceBook, deployment, _result, usage) => priceBook.speechCost(deployment, characters, usage).nanoUsd,
  };
}
