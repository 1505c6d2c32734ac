import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { countMergedTokens } from './bpe-count.ts';
import { BpeRanks } from './bpe-ranks.ts';

/**
 * o200k_base's pre-tokenizer: text is cut into pieces by this pattern, then each piece is byte-pair encoded
 * on its own. (OpenAI's published pattern for o200k_base, in JavaScript's regular expression syntax.)
 */
const CONTRACTION = String.raw`(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?`;
const O200K_PATTERN = [
  String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+${CONTRACTION}`,
  String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*${CONTRACTION}`,
  String.raw`\p{N}{1,3}`,
  String.raw` ?[^\s\p{L}\p{N}]+[\r\n/]*`,
  String.raw`\s*[\r\n]+`,
  String.raw`\s+(?!\S)`,
  String.raw`\s+`,
].join('|');
/** Sticky: each piece starts where the last one ended (the pattern takes every character, so pieces tile the text). */
const PIECE = new RegExp(O200K_PATTERN, 'uy');

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

/**
 * The number of o200k_base tokens of `text`, special-token spellings (`<|endoftext|>`) counted as plain text.
 * Counted on the request path (tpm reservations), so it allocates nothing per piece: the text is UTF-8 encoded
 * once, the pre-tokenizer runs sticky with `test` (no match arrays, no piece strings), and each piece is found
 * in the encoded bytes by its UTF-8 length.
 */
export function countO200kTokens(text: string): number {
  if (text === '') return 0;
  const table = loadRanks();
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3 * 2);
  const bytes = scratch;
  const ascii = encoder.encodeInto(text, bytes).written === text.length;
  let tokens = 0;
  let at = 0;
  let byteAt = 0;
  while (at < text.length) {
    PIECE.lastIndex = at;
    const end = PIECE.test(text) ? PIECE.lastIndex : at + 1;
    const byteEnd = ascii ? end : byteAt + utf8Length(text, at, end);
    for (let from = byteAt; from < byteEnd; from += MAX_PIECE_BYTES) tokens += countMergedTokens(table, bytes, from, Math.min(byteEnd, from + MAX_PIECE_BYTES));
    at = end;
    byteAt = byteEnd;
  }
  return tokens;
}

/** Bytes of `text[from, to)` in UTF-8, as TextEncoder writes it (a lone surrogate becomes U+FFFD, 3 bytes). */
function utf8Length(text: string, from: number, to: number): number {
  let length = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) length += 1;
    else if (code < 0x800) length += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < to && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      length += 4;
      i++;
    } else length += 3;
  }
  return length;
}
