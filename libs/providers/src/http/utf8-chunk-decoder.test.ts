import { describe, expect, it } from 'vitest';
import { Utf8ChunkDecoder } from './utf8-chunk-decoder.ts';

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Pieces of text and of raw bytes: ASCII, 2-, 3- and 4-byte characters, byte order marks, malformed bytes. */
const PIECES: Buffer[] = [
  'data: {"content":"plain"}\n\n',
  'é',
  '€',
  '😀',
  '\uFEFF',
  'ab',
  '\r\n',
].map((text) => Buffer.from(text, 'utf8')).concat([
  Buffer.from([0xff]), // never valid
  Buffer.from([0x80]), // a lone continuation byte
  Buffer.from([0xe2, 0x82]), // a 3-byte sequence cut short
  Buffer.from([0xf0, 0x9f, 0x98]), // a 4-byte sequence cut short
  Buffer.from([0xc0, 0xaf]), // an overlong form
  Buffer.from([0xed, 0xa0, 0x80]), // a surrogate's encoding
  Buffer.from([0xe0, 0x80]), // a lead whose next byte is out of its range
]);

function randomBody(random: () => number): Buffer {
  const parts: Buffer[] = [];
  const count = 1 + Math.floor(random() * 12);
  for (let i = 0; i < count; i++) parts.push(PIECES[Math.floor(random() * PIECES.length)] as Buffer);
  return Buffer.concat(parts);
}

function randomChunks(body: Buffer, random: () => number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let start = 0;
  while (start < body.length) {
    const end = Math.min(body.length, start + 1 + Math.floor(random() * 6));
    // Some chunks as plain Uint8Arrays over a larger buffer, as a reader may hand them over.
    const slice = body.subarray(start, end);
    chunks.push(random() < 0.3 ? new Uint8Array(slice.buffer, slice.byteOffset, slice.byteLength) : slice);
    start = end;
  }
  return chunks;
}

function decodeAll(chunks: Uint8Array[]): { ours: string; reference: string } {
  const decoder = new Utf8ChunkDecoder();
  const textDecoder = new TextDecoder();
  let ours = '';
  let reference = '';
  for (const chunk of chunks) {
    ours += decoder.decode(chunk);
    reference += textDecoder.decode(chunk, { stream: true });
  }
  return { ours: ours + decoder.end(), reference: reference + textDecoder.decode() };
}

describe('Utf8ChunkDecoder', () => {
  it("gives TextDecoder's text for the whole stream, whatever the chunk boundaries (20,000 generated bodies)", () => {
    const random = seeded(19);
    for (let run = 0; run < 20_000; run++) {
      const body = randomBody(random);
      const { ours, reference } = decodeAll(randomChunks(body, random));
      if (ours !== reference) expect({ body: [...body], ours }).toEqual({ body: [...body], ours: reference });
    }
  });

  it('holds a character split across chunks until it is complete', () => {
    const decoder = new Utf8ChunkDecoder();
    const euro = Buffer.from('a€b', 'utf8'); // 61 e2 82 ac 62
    expect(decoder.decode(euro.subarray(0, 2))).toBe('a');
    expect(decoder.decode(euro.subarray(2, 3))).toBe('');
    expect(decoder.decode(euro.subarray(3))).toBe('€b');
    expect(decoder.end()).toBe('');
  });

  it('drops a byte order mark only at the start of the stream, even when it arrives split', () => {
    const decoder = new Utf8ChunkDecoder();
    expect(decoder.decode(Buffer.from([0xef]))).toBe('');
    expect(decoder.decode(Buffer.from([0xbb, 0xbf, 0x61]))).toBe('a');
    expect(decoder.decode(Buffer.from('\uFEFFb', 'utf8'))).toBe('\uFEFFb');
  });

  it('ends a stream cut inside a character with a replacement character', () => {
    const decoder = new Utf8ChunkDecoder();
    expect(decoder.decode(Buffer.from([0x61, 0xf0, 0x9f]))).toBe('a');
    expect(decoder.end()).toBe('\uFFFD');
  });
});
