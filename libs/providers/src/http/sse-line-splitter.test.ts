import { describe, expect, it } from 'vitest';
import { SseLineSplitter } from './sse-line-splitter.ts';

/** The whole text split at once: what the splitter must give whatever the chunk boundaries. */
function reference(text: string): { lines: string[]; rest: string } {
  const parts = text.split(/\r\n|\r|\n/);
  const rest = parts.pop() as string;
  return { lines: parts, rest };
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('SseLineSplitter', () => {
  it('gives the lines of the whole text for any mix of \\n, \\r\\n and \\r and any chunk boundaries', () => {
    const random = seeded(7);
    const pieces = ['data: x', 'é', '🌍', '\n', '\r\n', '\r', '', ':'];
    for (let run = 0; run < 2_000; run++) {
      let text = '';
      const length = Math.floor(random() * 30);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
      const cuts = [0, ...Array.from({ length: Math.floor(random() * 5) }, () => Math.floor(random() * (text.length + 1))), text.length].sort((a, b) => a - b);
      const splitter = new SseLineSplitter();
      const lines: string[] = [];
      for (let i = 0; i + 1 < cuts.length; i++) lines.push(...splitter.push(text.slice(cuts[i], cuts[i + 1])));
      const expected = reference(text);
      // A text ending in `\r` leaves the splitter waiting for a possible `\n`: the line is already out.
      expect({ lines, rest: splitter.rest() }, JSON.stringify({ text, cuts })).toEqual(expected);
    }
  });
});
