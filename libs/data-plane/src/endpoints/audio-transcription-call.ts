import type { CallSpec } from '../pipeline/call-spec.ts';
import { unsupported } from '../pipeline/route-call.ts';
import { openAiWireFormat } from '../wire-format.ts';

/** `POST /v1/audio/transcriptions`: the client's multipart form, re-sent with the deployment's model name. */
export function audioTranscriptionCall(form: FormData, model: string): CallSpec {
  const route = '/audio/transcriptions';
  const user = form.get('user');
  return {
    route,
    model,
    body: { model, ...(typeof user === 'string' ? { user } : {}) },
    countAs: 'embeddings',
    respond: 'json',
    format: openAiWireFormat({ clientWantsUsage: false, endMarker: false }),
    attempt(deployment, adapter) {
      if (!adapter.transcription || !adapter.supports('audio_transcriptions')) throw unsupported({ route, model }, deployment.provider);
      const transcription = adapter.transcription.bind(adapter);
      return { call: (target, ctx) => transcription(form, target, ctx) };
    },
  };
}
