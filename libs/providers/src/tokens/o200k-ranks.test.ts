import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BpeRanks } from './bpe-ranks.ts';

// tools/generate-o200k-ranks.mjs writes the file from gpt-tokenizer; this fails when the two disagree.
const { packO200kRanks } = (await import(new URL('../../../../tools/generate-o200k-ranks.mjs', import.meta.url).href)) as { packO200kRanks: () => Uint8Array };

describe('o200k-ranks.bin.gz', () => {
  const packed = gunzipSync(readFileSync(new URL('./o200k-ranks.bin.gz', import.meta.url)));

  it('holds exactly the ranks the generator packs from gpt-tokenizer (run tools/generate-o200k-ranks.mjs)', () => {
    expect(Buffer.compare(packed, Buffer.from(packO200kRanks()))).toBe(0);
  });

  it('finds every rank by its bytes, and nothing for bytes that are not a token', () => {
    const ranks = BpeRanks.fromPacked(packed);
    expect(ranks.size).toBe(199_998);
    let at = 0;
    for (let rank = 0; rank < ranks.size; rank++) {
      const end = at + 1 + packed[at]!;
      if (ranks.rankOf(packed, at + 1, end) !== rank) throw new Error(`rank ${rank} not found by its own bytes`);
      at = end;
    }
    const notAToken = new TextEncoder().encode('zzqxjzzqxj');
    expect(ranks.rankOf(notAToken, 0, notAToken.length)).toBe(-1);
  });
});
