import type { BpeRanks } from './bpe-ranks.ts';

/**
 * Byte-pair merging, as tiktoken does it: start from single bytes, merge the adjacent pair whose joined bytes
 * have the lowest rank (the leftmost on a tie) until no adjacent pair is a token. Only the number of tokens is
 * kept. Quadratic in the piece's length, so callers cut very long pieces first (see MAX_PIECE_BYTES).
 */
const NOT_A_TOKEN = 0x7fffffff;
let bounds = new Int32Array(512);
let pairRanks = new Int32Array(512);

export function countMergedTokens(ranks: BpeRanks, bytes: Uint8Array, from: number, to: number): number {
  const length = to - from;
  if (length <= 1) return length;
  if (ranks.rankOf(bytes, from, to) >= 0) return 1;
  if (bounds.length < length + 1) {
    bounds = new Int32Array(length * 2);
    pairRanks = new Int32Array(length * 2);
  }
  // Parts are bytes[bounds[i], bounds[i + 1]); pairRanks[i] is the rank of parts i and i + 1 joined.
  let parts = length;
  for (let i = 0; i <= length; i++) bounds[i] = from + i;
  for (let i = 0; i < parts - 1; i++) pairRanks[i] = rankOrNone(ranks, bytes, bounds[i]!, bounds[i + 2]!);
  for (;;) {
    let best = NOT_A_TOKEN;
    let at = -1;
    for (let i = 0; i < parts - 1; i++) {
      if (pairRanks[i]! < best) {
        best = pairRanks[i]!;
        at = i;
      }
    }
    if (at < 0) return parts;
    // Join parts `at` and `at + 1`: drop the bound between them.
    bounds.copyWithin(at + 1, at + 2, parts + 1);
    pairRanks.copyWithin(at + 1, at + 2, parts - 1);
    parts--;
    if (parts === 1) return 1;
    pairRanks[at] = at + 2 <= parts ? rankOrNone(ranks, bytes, bounds[at]!, bounds[at + 2]!) : NOT_A_TOKEN;
    if (at > 0) pairRanks[at - 1] = rankOrNone(ranks, bytes, bounds[at - 1]!, bounds[at + 1]!);
  }
}

function rankOrNone(ranks: BpeRanks, bytes: Uint8Array, from: number, to: number): number {
  const rank = ranks.rankOf(bytes, from, to);
  return rank < 0 ? NOT_A_TOKEN : rank;
}
