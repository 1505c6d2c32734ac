import { describe, expect, it } from 'vitest';
import { storableText, UNSTORABLE_ESCAPE } from './storable-text.ts';

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
});
