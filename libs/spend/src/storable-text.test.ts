import { describe, expect, it } from 'vitest';
import { hasUnstorableText, storableText, UNSTORABLE_ESCAPE, UNSTORABLE_IN_TYPED_LINE } from './storable-text.ts';

describe('storableText', () => {
  it('replaces U+0000 and lone surrogates, in strings and keys, and keeps everything else', () => {
    const at = new Date('2030-01-15T00:00:00Z');
    const value = { 'k\u0000': ['a\u0000b', '\ud800', 'x\udc00', '😀', 1, null, true], at, nested: { ok: 'plain' } };
    expect(storableText(value)).toEqual({ 'k\uFFFD': ['a\uFFFDb', '\uFFFD', 'x\uFFFD', '😀', 1, null, true], at, nested: { ok: 'plain' } });
  });

  it("finds in a line what JSON.stringify writes for them, and not a well-formed pair", () => {
    for (const bad of ['\u0000', '\ud800', '\udfff', 'a\udc00b']) expect(UNSTORABLE_ESCAPE.test(JSON.stringify({ bad })), JSON.stringify(bad)).toBe(true);
    for (const good of ['😀', 'plain', '\ufffd', '\u0001']) expect(UNSTORABLE_ESCAPE.test(JSON.stringify({ good })), good).toBe(false);
  });

  it('hasUnstorableText answers as UNSTORABLE_IN_TYPED_LINE does, for raw and escaped text alike', () => {
    const pieces = ['plain', '\t', '\\N', '\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '😀', '\ufffd', 'é', '\\u', '\\u0000', '\\ud83d', '\\ue000', 'u0000', '\\', '"'];
    const lines = [''];
    for (const a of pieces) for (const b of pieces) for (const c of ['', ...pieces.slice(0, 6)]) lines.push(`${a}${b}${c}`, `x\t${a}\t${JSON.stringify(b + c)}`);
    let unstorable = 0;
    for (const line of lines) {
      const expected = UNSTORABLE_IN_TYPED_LINE.test(line);
      if (expected) unstorable++;
      expect(hasUnstorableText(line), JSON.stringify(line)).toBe(expected);
    }
    // Both answers occur, so the agreement says something.
    expect(unstorable).toBeGreaterThan(100);
    expect(lines.length - unstorable).toBeGreaterThan(100);
  });
});
