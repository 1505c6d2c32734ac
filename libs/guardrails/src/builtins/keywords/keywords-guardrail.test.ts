import { describe, expect, it } from 'vitest';
import { checkContext, guardrailFor, userTexts } from '../../testing/guardrail-for-test.ts';

describe('keywords', () => {
  it('blocks a banned word case-insensitively, as a whole word only', async () => {
    const words = guardrailFor({ guardrail: 'keywords', keywords: ['Project Zeus', 'café'] });
    expect(await words.check(userTexts('tell me about project ZEUS.'), checkContext())).toEqual({ verdict: 'block', reason: 'KEYWORD detected', entities: { KEYWORD: 1 } });
    expect(await words.check(userTexts('the CAFÉ is open'), checkContext())).toMatchObject({ verdict: 'block' });
    expect(await words.check(userTexts('project zeuss and cafés and xproject zeus'), checkContext())).toEqual({ verdict: 'pass' });
  });

  it('matches keywords made of symbols where a word boundary cannot apply', async () => {
    const words = guardrailFor({ guardrail: 'keywords', keywords: ['c++', '$$$'] });
    expect(await words.check(userTexts('I write c++ daily'), checkContext())).toMatchObject({ verdict: 'block' });
    expect(await words.check(userTexts('win $$$ now'), checkContext())).toMatchObject({ verdict: 'block' });
  });

  it('runs regex patterns and masks instead of blocking when action is mask', async () => {
    const words = guardrailFor({ guardrail: 'keywords', patterns: ['EMP-\\d{6}', '(?i)internal only'], action: 'MASK' });
    expect(await words.check(userTexts('badge EMP-123456, Internal Only'), checkContext())).toEqual({
      verdict: 'mask',
      texts: ['badge [PATTERN_1], [PATTERN_2]'],
      entities: { PATTERN: 2 },
    });
  });

  it('runs patterns that backtrack exponentially on a backtracking engine, on inputs made to trigger it', async () => {
    const words = guardrailFor({ guardrail: 'keywords', patterns: ['(a+)+b', '(a|aa)*c', '(.*a){12}x', '^(\\w+\\s?)+$'] });
    const evil = `${'a'.repeat(50_000)}!`;
    expect(await words.check(userTexts(evil, `${'a '.repeat(20_000)}!`), checkContext())).toEqual({ verdict: 'pass' });
  });
});
