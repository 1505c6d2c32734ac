import type { CallSpec } from '../pipeline/call-spec.ts';
import { unsupported } from '../pipeline/route-call.ts';
import { openAiWireFormat } from '../wire-format.ts';

/** `POST /v1/audio/speech`: JSON in, the upstream's audio bytes back; counted by its input text. */
export function audioSpeechCall(body: Record<string, unknown> & { model: string; input: string }): CallSpec {
  const route = '/audio/speech';
  return {
    route,
    model: body.model,
    // The limits count the text to speak as the prompt (an embeddings-shaped `input`).
    body,
    countAs: 'embeddings',
    respond: 'binary',
    format: openAiWireFormat({ clientWantsUsage: false, endMarker: false }),
    attempt(deployment, adapter) {
      if (!adapter.speech || !adapter.supports('audio_speech')) throw unsupported({ route, model: body.model }, deployment.provider);
      const speech = adapter.speech.bind(adapter);
      return { call: (target, ctx) => speech(body, target, ctx) };
    },
  };
}
