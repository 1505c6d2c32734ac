import type { JsonResult } from '@switchboard/providers';
import type { CallSpec } from '../pipeline/call-spec.ts';
import { unsupported } from '../pipeline/route-call.ts';
import { reportedAudioSeconds } from '../audio/reported-audio-seconds.ts';
import { openAiWireFormat } from '../wire-format.ts';

export type AudioTextKind = 'transcriptions' | 'translations';

/**
 * `POST /v1/audio/transcriptions` and `/v1/audio/translations`: the client's multipart form, re-sent with
 * the deployment's model name. Priced per second of audio: the duration the answer reports, else the one
 * read from the uploaded file (`fileSeconds`), else by the tokens the provider reports.
 */
export function audioTextCall(kind: AudioTextKind, form: FormData, model: string, fileSeconds: number | undefined): CallSpec {
  const route = `/audio/${kind}`;
  const user = form.get('user');
  return {
    route,
    model,
    body: { model, ...(typeof user === 'string' ? { user } : {}) },
    countAs: 'embeddings',
    respond: 'json',
    format: openAiWireFormat({ clientWantsUsage: false, endMarker: false }),
    pricedBy: 'transcription',
    attempt(deployment, adapter) {
      const call = kind === 'transcriptions' ? adapter.transcription : adapter.translation;
      const operation = kind === 'transcriptions' ? 'audio_transcriptions' : 'audio_translations';
      if (!call || !adapter.supports(operation)) throw unsupported({ route, model }, deployment.provider);
      const bound = call.bind(adapter);
      return { call: (target, ctx) => bound(form, target, ctx) };
    },
    estimateUsage: () => ({ promptTokens: 0, completionTokens: 0, totalTokens: 0, estimated: true }),
    cost(priceBook, deployment, result, usage) {
      const seconds = reportedAudioSeconds((result as JsonResult).body) ?? fileSeconds;
      return priceBook.transcriptionCost(deployment, seconds, usage?.estimated ? undefined : usage).nanoUsd;
    },
  };
}
