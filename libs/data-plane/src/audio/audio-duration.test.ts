import { describe, expect, it } from 'vitest';
import { mp3Duration } from './mp3-duration.ts';
import { reportedAudioSeconds } from './reported-audio-seconds.ts';
import { transcriptionSeconds } from './transcription-seconds.ts';
import { wavDuration } from './wav-duration.ts';

/** A PCM WAVE file with an extra LIST chunk before `data`, as many writers add. */
function wav(seconds: number, options: { sampleRate?: number; channels?: number; dataSize?: number } = {}): Uint8Array<ArrayBuffer> {
  const sampleRate = options.sampleRate ?? 16_000;
  const channels = options.channels ?? 1;
  const byteRate = sampleRate * channels * 2;
  const data = Math.round(seconds * byteRate);
  const list = Buffer.from('LIST\x05\x00\x00\x00INFOx\x00', 'latin1'); // odd size: padded to even
  const buffer = Buffer.alloc(12 + 24 + list.length + 8 + data);
  buffer.write('RIFF', 0, 'latin1');
  buffer.writeUInt32LE(buffer.length - 8, 4);
  buffer.write('WAVE', 8, 'latin1');
  buffer.write('fmt ', 12, 'latin1');
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20);
  buffer.writeUInt16LE(channels, 22);
  buffer.writeUInt32LE(sampleRate, 24);
  buffer.writeUInt32LE(byteRate, 28);
  buffer.writeUInt16LE(channels * 2, 32);
  buffer.writeUInt16LE(16, 34);
  list.copy(buffer, 36);
  const dataAt = 36 + list.length;
  buffer.write('data', dataAt, 'latin1');
  buffer.writeUInt32LE(options.dataSize ?? data, dataAt + 4);
  return Uint8Array.from(buffer);
}

/** MPEG frames with real headers and zeroed payloads, optionally behind an ID3v2 tag and before an ID3v1 tag. */
function mp3(frames: number, header: [number, number, number, number], frameLength: number, tags = true): Uint8Array<ArrayBuffer> {
  const parts: Buffer[] = [];
  if (tags) parts.push(Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 1, 0]), Buffer.alloc(128)); // ID3v2, 128-byte body
  for (let i = 0; i < frames; i++) {
    const frame = Buffer.alloc(frameLength);
    frame.set(header);
    parts.push(frame);
  }
  if (tags) parts.push(Buffer.concat([Buffer.from('TAG', 'latin1'), Buffer.alloc(125)]));
  return Uint8Array.from(Buffer.concat(parts));
}

describe('wavDuration', () => {
  it('reads seconds from the fmt and data chunks', () => {
    expect(wavDuration(wav(2.5))).toBe(2.5);
    expect(wavDuration(wav(1, { sampleRate: 44_100, channels: 2 }))).toBe(1);
  });

  it('takes an unset or too-large data size from the bytes present', () => {
    expect(wavDuration(wav(3, { dataSize: 0xffffffff }))).toBe(3);
    expect(wavDuration(wav(3, { dataSize: 0 }))).toBe(3);
    const header = wav(10).subarray(0, 100);
    expect(wavDuration(header, wav(10).length)).toBe(10);
  });

  it('is undefined for other bytes', () => {
    expect(wavDuration(new Uint8Array(Buffer.from('RIFF\x00\x00\x00\x00AVI LIST', 'latin1')))).toBeUndefined();
    expect(wavDuration(new Uint8Array(8))).toBeUndefined();
  });
});

describe('mp3Duration', () => {
  it('adds the samples of MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz), skipping ID3 tags', () => {
    expect(mp3Duration(mp3(100, [0xff, 0xfb, 0x90, 0x00], 417))).toBeCloseTo((100 * 1152) / 44_100, 6);
  });

  it('reads MPEG-2 Layer III frames (64 kbit/s, 22.05 kHz, 576 samples each)', () => {
    expect(mp3Duration(mp3(50, [0xff, 0xf3, 0x80, 0x00], 208, false))).toBeCloseTo((50 * 576) / 22_050, 6);
  });

  it('is undefined when no frame is confirmed by the next one', () => {
    const noise = new Uint8Array(5000).map((_, i) => (i * 31) % 251);
    noise.set([0xff, 0xfb, 0x90, 0x00], 100); // a stray header with no frame after it
    expect(mp3Duration(noise)).toBeUndefined();
    expect(mp3Duration(new Uint8Array(0))).toBeUndefined();
  });
});

describe('reportedAudioSeconds', () => {
  it('reads verbose_json duration and usage of type duration', () => {
    expect(reportedAudioSeconds({ text: 'hi', duration: 8.47 })).toBe(8.47);
    expect(reportedAudioSeconds({ text: 'hi', duration: '3.5' })).toBe(3.5);
    expect(reportedAudioSeconds({ text: 'hi', usage: { type: 'duration', seconds: 12 } })).toBe(12);
  });

  it('is undefined for token usage, text answers and nonsense', () => {
    expect(reportedAudioSeconds({ text: 'hi', usage: { type: 'tokens', input_tokens: 14, output_tokens: 45, total_tokens: 59 } })).toBeUndefined();
    expect(reportedAudioSeconds({ text: 'hi' })).toBeUndefined();
    expect(reportedAudioSeconds('plain text transcript')).toBeUndefined();
    expect(reportedAudioSeconds({ duration: 'soon' })).toBeUndefined();
    expect(reportedAudioSeconds({ duration: -1 })).toBeUndefined();
  });
});

describe('transcriptionSeconds', () => {
  it('prefers what the answer reports over the file', async () => {
    expect(await transcriptionSeconds({ text: 'x', duration: 4 }, new Blob([wav(2)]))).toEqual({ seconds: 4, from: 'answer' });
  });

  it('falls back to the WAV header and the MP3 frames', async () => {
    expect(await transcriptionSeconds({ text: 'x' }, new Blob([wav(2)]))).toEqual({ seconds: 2, from: 'wav_header' });
    const seconds = (await transcriptionSeconds({ text: 'x' }, new Blob([mp3(100, [0xff, 0xfb, 0x90, 0x00], 417)])))!;
    expect(seconds.from).toBe('mp3_frames');
    expect(seconds.seconds).toBeCloseTo((100 * 1152) / 44_100, 6);
  });

  it('is undefined for formats it does not read and when there is no file', async () => {
    expect(await transcriptionSeconds({ text: 'x' }, new Blob([Buffer.from('fLaC\x00\x00\x00\x22', 'latin1')]))).toBeUndefined();
    expect(await transcriptionSeconds({ text: 'x' }, new Blob([Buffer.from('OggS\x00\x02', 'latin1')]))).toBeUndefined();
    expect(await transcriptionSeconds({ text: 'x' }, undefined)).toBeUndefined();
  });
});
