// Writes libs/providers/src/tokens/o200k-ranks.bin.gz: OpenAI's o200k_base byte-pair ranks, packed as one
// length byte and the token's bytes per rank, in rank order, gzipped (about 1 MB instead of the 60-70 MB a
// Map of 200k strings costs once built). The ranks come from gpt-tokenizer (a dev dependency);
// `libs/providers/src/tokens/o200k-ranks.test.ts` fails when this file and that package disagree.
//   node tools/generate-o200k-ranks.mjs
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The packed, uncompressed ranks: exported for the freshness test. */
export function packO200kRanks() {
  const require = createRequire(resolve(root, 'package.json'));
  const ranks = require('gpt-tokenizer/bpeRanks/o200k_base').default;
  const encoder = new TextEncoder();
  const parts = [];
  let size = 0;
  for (let rank = 0; rank < ranks.length; rank++) {
    const value = ranks[rank];
    if (value === undefined) throw new Error(`o200k rank ${rank} is missing: the packed format has no holes`);
    const bytes = typeof value === 'string' ? encoder.encode(value) : Uint8Array.from(value);
    if (bytes.length === 0 || bytes.length > 255) throw new Error(`o200k rank ${rank} is ${bytes.length} bytes long`);
    parts.push(Uint8Array.of(bytes.length), bytes);
    size += 1 + bytes.length;
  }
  const packed = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    packed.set(part, at);
    at += part.length;
  }
  return packed;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(root, 'libs/providers/src/tokens/o200k-ranks.bin.gz');
  writeFileSync(out, gzipSync(packO200kRanks(), { level: 9 }));
  console.log(`wrote ${out}`);
}
