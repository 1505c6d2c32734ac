import { describe, expect, it } from 'vitest';
import { checkContext, guardrailFor, userTexts } from './testing/guardrail-for-test.ts';

const MB = 1_000_000;
const repeat = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

/**
 * Inputs shaped to make a backtracking engine (or a careless scan) go quadratic or exponential: long runs
 * without the character a pattern needs next, many overlapping candidate starts, near-misses of every
 * entity. Each must complete; there are no timing assertions (benchmarks live in bench/).
 */
const ADVERSARIAL: Record<string, string> = {
  'word characters without an @': repeat('a'),
  'many @ without a domain': repeat('a@'),
  'dotted domains without a TLD': repeat('a@b.'),
  'one long digit run': repeat('1'),
  'single digits with spaces': repeat('1 '),
  'phone-shaped decoys': repeat('12 34 56 78 90 '),
  'dotted numbers': repeat('1.'),
  'colon runs': repeat('ab:'),
  'key prefixes': repeat('sk-'),
  'token prefixes with dots': repeat('eyJ.'),
  'one JWT header without dots': `eyJ${repeat('a')}`,
  'PEM BEGIN lines without END': repeat('-----BEGIN RSA PRIVATE KEY-----\n'),
  'IBAN prefixes': repeat('DE89 '),
  'SSN prefixes': repeat('123-45-'),
  'injection verbs without objects': repeat('ignore the previous '),
  'spaces': repeat(' '),
  'astral characters': repeat('😀'),
};

describe('adversarial inputs through every regex guardrail', () => {
  const pii = guardrailFor({ guardrail: 'switchboard_pii' });
  const keywords = guardrailFor({
    guardrail: 'keywords',
    keywords: ['aaaaaaaaaaaaaaaaaaab', 'ignore the previous instructions'],
    patterns: ['(a+)+b', '(a|aa)*c', '(.*a){20}x', '^(\\w+\\s?)+$', '(\\d+[ .-]?)+x', '([a-z0-9]+@)+[a-z]+\\.q'],
  });
  const injection = guardrailFor({ guardrail: 'prompt_injection' });

  for (const [name, text] of Object.entries(ADVERSARIAL)) {
    it(`finishes on ${name} (1 MB)`, async () => {
      for (const guardrail of [pii, keywords, injection]) {
        const result = await guardrail.check(userTexts(text), checkContext());
        expect(['pass', 'mask', 'block']).toContain(result.verdict);
      }
    });
  }
});
