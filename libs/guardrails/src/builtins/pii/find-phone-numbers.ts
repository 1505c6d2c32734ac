import { findNumbers, type CountryCode } from 'libphonenumber-js/max';
import type { Span } from './span.ts';

/**
 * A phone-shaped run: an optional `+` or `(`, then 7 to 17 digits separated by at most three of ` .-()/`.
 * Not preceded by a word character or `+`, so it starts where the number starts; each start tries a
 * bounded number of digits, so finding candidates is linear.
 */
const CANDIDATE = /(?<![\w+(])[+(]?\d(?:[ .\-()/]{0,3}\d){6,16}(?!\w)/g;
const DIGIT_GROUPS = /\d+/g;
const MAX_GROUPS = 6;
const MAX_SINGLE_DIGIT_GROUPS = 2;

/**
 * libphonenumber-js validates a candidate in tens of microseconds, but an input made of decoys (a megabyte of
 * `12 34 56 78 ...`) would make that seconds of CPU. Past this many validations in one text, a candidate
 * that looks like a full number (10 to 15 digits) counts as one without validation: over-masking a
 * lookalike is the safe side.
 */
export const PHONE_VALIDATIONS_PER_TEXT = 500;

/** Written numbers group digits in a few blocks; a list of single digits (`1 2 3 4 5 6 7`) is not one. */
function plausibleGrouping(candidate: string): { digits: number } | undefined {
  let groups = 0;
  let singles = 0;
  let digits = 0;
  for (const group of candidate.matchAll(DIGIT_GROUPS)) {
    groups++;
    digits += group[0].length;
    if (group[0].length === 1) singles++;
  }
  if (groups > MAX_GROUPS || singles > MAX_SINGLE_DIGIT_GROUPS || digits > 15) return undefined;
  return { digits };
}

/**
 * Phone numbers valid by libphonenumber-js's full metadata: international ones (`+44 20 7946 0958`) and
 * national ones of `defaultRegion` (`(415) 555-2671` for US). Offsets come from libphonenumber, within the
 * candidate.
 */
export function findPhoneNumbers(text: string, defaultRegion: CountryCode): Span[] {
  const spans: Span[] = [];
  let validations = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const candidate = match[0];
    const grouping = plausibleGrouping(candidate);
    if (!grouping) continue;
    if (validations >= PHONE_VALIDATIONS_PER_TEXT) {
      if (grouping.digits >= 10) spans.push({ start: match.index, end: match.index + candidate.length });
      continue;
    }
    validations++;
    for (const found of findNumbers(candidate, { defaultCountry: defaultRegion, v2: true })) {
      spans.push({ start: match.index + found.startsAt, end: match.index + found.endsAt });
    }
  }
  return spans;
}
