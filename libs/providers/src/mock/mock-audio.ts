import type { BinaryResult, JsonResult } from '../provider.ts';
import type { Usage } from '../usage.ts';

/** One second of 8 kHz, 8-bit mono silence as a WAV file: a real, playable answer for `/audio/speech`. */
function silentWav(seconds = 1): Uint8Array {
  const rate = 8_000;
  const samples = rate * seconds;
  const bytes = new Uint8Array(44 + samples);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((char, i) => view.setUint8(offset + i, char.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate, true); // byte rate
  view.setUint16(32, 1, true); // block align
  view.setUint16(34, 8, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, samples, true);
  bytes.fill(128, 44); // 8-bit silence is the midpoint
  return bytes;
}

export function mockSpeech(usage: Usage): BinaryResult {
  const audio = silentWav();
  return {
    contentType: 'audio/wav',
    usage,
    body: yieldAudio(audio),
  };
}

/** A transcription (or translation) of the upload: the configured reply, with the duration OpenAI reports. */
export function mockTranscription(text: string, seconds: number): JsonResult {
  return { body: { text, usage: { type: 'duration', seconds } } };
}

/** Cohere's rerank shape: every document, scored by its position (first is most relevant). */
export function mockRerank(body: Record<string, unknown>, id: string): JsonResult {
  const documents = Array.isArray(body.documents) ? body.documents : [];
  const topN = typeof body.top_n === 'number' ? Math.min(body.top_n, documents.length) : documents.length;
  const results = documents.slice(0, topN).map((_, index) => ({ index, relevance_score: 1 - index / Math.max(documents.length, 1) }));
  return { body: { id, results, meta: { billed_units: { search_units: 1 } } }, usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 } };
}

/** Module-level, not a closure per call: a generator closure gives each call's generator a map of its own (see `deadline` in sendUpstream, send-upstream.ts). */
async function* yieldAudio(audio: Uint8Array): AsyncGenerator<Uint8Array> {
  yield audio;
}
