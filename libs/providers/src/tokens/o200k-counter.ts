import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { countMergedTokens } from './bpe-count.ts';
import { BpeRanks } from './bpe-ranks.ts';

/**
 * o200k_base's pre-tokenizer: text is cut into pieces by this pattern, then each piece is byte-pair encoded
 * on its own. (OpenAI's published pattern for o200k_base, in JavaScript's regular expression syntax.)
 */
const CONTRACTION = String.raw`(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?`;
const O200K_PIECES = new RegExp(
  [
    String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+${CONTRACTION}`,
    String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*${CONTRACTION}`,
    String.raw`\p{N}{1,3}`,
    String.raw` ?[^\s\p{L}\p{N}]+[\r\n/]*`,
    String.raw`\s*[\r\n]+`,
    String.raw`\s+(?!\S)`,
    String.raw`\s+`,
  ].join('|'),
  'gu',
);

/**
 * Merging is quadratic in a piece's length, and one piece can be a whole prompt (a megabyte of `a`, or of
 * base64): longer pieces are counted in slices of this many bytes, which can only overcount slightly, and
 * only for text no tokenizer would keep in one piece anyway.
 */
const MAX_PIECE_BYTES = 256;

const encoder = new TextEncoder();
let scratch = new Uint8Array(4096);
let ranks: BpeRanks | undefined;

/**
 * The ranks ship beside the code that reads them: `o200k-ranks.bin.gz` next to this file in the source tree,
 * next to `main.mjs` in a bundle (tools/build-app.mjs copies it); `import.meta.url` is that file in both.
 */
function loadRanks(): BpeRanks {
  ranks ??= BpeRanks.fromPacked(gunzipSync(readFileSync(new URL('./o200k-ranks.bin.gz', import.meta.url))));
  return ranks;
}

/** Loads the ranks now (about 20 ms), so that the first count does not pay for it inside a request. */
export function preloadO200k(): void {
  loadRanks();
}

/** The number of o200k_base tokens of `text`, special-token spellings (`<|endoftext|>`) counted as plain text. */
export function countO200kTokens(text: string): number {
  if (text === '') return 0;
  const table = loadRanks();
  let tokens = 0;
  O200K_PIECES.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = O200K_PIECES.exec(text)) !== null) {
    const piece = match[0];
    if (scratch.length < piece.length * 3) scratch = new Uint8Array(piece.length * 3 * 2);
    const length = encoder.encodeInto(piece, scratch).written;
    for (let from = 0; from < length; from += MAX_PIECE_BYTES) tokens += countMergedTokens(table, scratch, from, Math.min(length, from + MAX_PIECE_BYTES));
  }
  return tokens;
}
