import { describe, expect, it } from 'vitest';
import { countSpeechCharacters } from './count-speech-characters.ts';

describe('countSpeechCharacters', () => {
  it('counts code points and leaves out whitespace, as LiteLLM bills input_cost_per_character', () => {
    expect(countSpeechCharacters('Hello, world!')).toBe(12);
    expect(countSpeechCharacters(' a\tb\nc\u00a0 ')).toBe(3);
    expect(countSpeechCharacters('東京 😀')).toBe(3);
    expect(countSpeechCharacters('')).toBe(0);
  });
});
