import { describe, expect, it } from 'vitest';
import { headOf, tailOf } from './whole-characters.ts';

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('headOf and tailOf', () => {
  it('cut at the length asked, or one unit short of it where a pair would be split', () => {
    expect(headOf('abcdef', 3)).toBe('abc');
    expect(tailOf('abcdef', 3)).toBe('def');
    expect(headOf('ab🙂cd', 3)).toBe('ab');
    expect(tailOf('ab🙂cd', 3)).toBe('cd');
    expect(headOf('ab🙂cd', 4)).toBe('ab🙂');
    expect(tailOf('ab🙂cd', 4)).toBe('🙂cd');
    expect(headOf('short', 10)).toBe('short');
    expect(tailOf('short', 0)).toBe('');
  });

  it('never leave half a pair, wherever the cut falls', () => {
    const text = '🙂a🙂🙂b🙂';
    for (let max = 0; max <= text.length; max++) {
      expect(LONE.test(headOf(text, max)), `head ${max}`).toBe(false);
      expect(LONE.test(tailOf(text, max)), `tail ${max}`).toBe(false);
    }
  });
});
