import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { countO200kTokens } from './o200k-counter.ts';

// gpt-tokenizer (a dev dependency) is the reference: the counter must give its count for any text, with
// special-token spellings read as text (the reference's default refuses them; see the test below).
const gptTokenizer = createRequire(import.meta.url)('gpt-tokenizer/model/gpt-4o') as { countTokens: (text: string, options?: { disallowedSpecial?: Set<string> }) => number };
const reference = { countTokens: (text: string) => gptTokenizer.countTokens(text, { disallowedSpecial: new Set() }) };

const SAMPLES = [
  'hello world',
  "I'm here, aren't you? They'll go. WE'LL SEE, don'T WON'T",
  '  multiple   spaces\n\n\nnewlines\r\n\r\n  trailing   ',
  '12345678 3.14159 1,000,000 0x1F 2026-12-04T20:45:06Z',
  '日本語のテキストです。中文文本。한국어 텍스트',
  'emoji 🎉🚀👍🏽 family 👨‍👩‍👧 flags 🇫🇷🇯🇵',
  'function foo(a, b) { return a + b; } // comment\n\tconst x = [1,2,3];\n',
  'https://example.com/path/to?query=1&b=2#frag',
  'ÀÉÎÕÜ àéîõü ñ ß ø å — “quotes” ‘single’ … ©®™',
  'Привет мир! مرحبا بالعالم שלום עולם नमस्ते दुनिया',
  'MixedCASEWordsHERE andCamelCase snake_case_words SCREAMING_CASE',
  'lone surrogates \ud800 and \udfff in text',
  '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}',
];

/** Deterministic pseudo-random strings over an alphabet that exercises every branch of the pre-tokenizer. */
function randomTexts(count: number): string[] {
  const chars = Array.from("abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,;:!?'\"()[]{}<>/\\-_=+*&^%$#@~`|\n\t\r日本語中文한국어éèàüßñ🎉👍́");
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, () => {
    let text = '';
    const length = Math.floor(next() * 120);
    for (let i = 0; i < length; i++) text += chars[Math.floor(next() * chars.length)];
    return text;
  });
}

describe('countO200kTokens', () => {
  it('counts as the reference tokenizer does, text by text', () => {
    for (const text of [...SAMPLES, ...randomTexts(3000)]) expect([text, countO200kTokens(text)]).toEqual([text, reference.countTokens(text)]);
  });

  it('counts a long document as the reference does', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    expect(countO200kTokens(readme)).toBe(reference.countTokens(readme));
  });

  it('counts nothing for empty text', () => {
    expect(countO200kTokens('')).toBe(0);
  });

  it('counts special-token spellings in a prompt as plain text instead of refusing them', () => {
    // The reference throws on them by default; a prompt that quotes one must still be counted.
    expect(() => gptTokenizer.countTokens('<|endoftext|>')).toThrow();
    expect(countO200kTokens('say <|endoftext|> please')).toBe(reference.countTokens('say <|endoftext|> please'));
  });

  it('counts a megabyte that is one piece (no spaces) without quadratic merging', () => {
    // Merging a 1 MB piece whole is about 10^12 steps; cut into 256-byte slices it is a few million.
    const tokens = countO200kTokens('a'.repeat(1 << 20));
    expect(tokens).toBeGreaterThan(0);
    expect(tokens).toBeLessThan(1 << 20);
    expect(countO200kTokens('QUJD'.repeat(1 << 16))).toBeGreaterThan(0);
  });
});
