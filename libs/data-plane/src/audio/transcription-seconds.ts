import { mp3Duration } from './mp3-duration.ts';
import { reportedAudioSeconds } from './reported-audio-seconds.ts';
import { wavDuration } from './wav-duration.ts';

export interface AudioSeconds {
  seconds: number;
  /** Where the number came from, for the spend record. */
  from: 'answer' | 'wav_header' | 'mp3_frames';
}

/**
 * The audio duration to price a transcription by: the provider's answer when it reports one, else the
 * uploaded file's own headers for WAV and MP3. Undefined for other formats: the call is then priced by the
 * usage the provider reported, if any.
 */
export async function transcriptionSeconds(answer: unknown, file: Blob | undefined): Promise<AudioSeconds | undefined> {
  const reported = reportedAudioSeconds(answer);
  if (reported !== undefined) return { seconds: reported, from: 'answer' };
  if (!file) return undefined;
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  const tag = String.fromCharCode(...head.subarray(0, 4));
  if (tag === 'RIFF' && String.fromCharCode(...head.subarray(8, 12)) === 'WAVE') {
    // The chunks before `data` (fmt, LIST, fact) are small: the first 64 KiB hold them.
    const seconds = wavDuration(new Uint8Array(await file.slice(0, 65_536).arrayBuffer()), file.size);
    return seconds === undefined ? undefined : { seconds, from: 'wav_header' };
  }
  if (tag.startsWith('ID3') || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)) {
    const seconds = mp3Duration(new Uint8Array(await file.arrayBuffer()));
    return seconds === undefined ? undefined : { seconds, from: 'mp3_frames' };
  }
  return undefined;
}
