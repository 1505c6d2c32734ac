/**
 * The characters a text-to-speech call is billed for, counted as LiteLLM counts them for
 * `input_cost_per_character`: Unicode code points, whitespace left out.
 */
export function countSpeechCharacters(input: string): number {
  let count = 0;
  for (const character of input) if (!/\s/u.test(character)) count++;
  return count;
}
