import type { CountryCode } from 'libphonenumber-js/max';
import type { ScanBudget } from '../../guardrail.ts';
import type { Span } from './span.ts';
import { phoneNumbers } from './phone-numbers.ts';

/**
 * A phone-shaped run: an optional `+` or `(`, then 7 to 17 digits separated by at most three of ` .-()/`.
 * Not preceded by a word character or `+`, so it starts where the number starts; each start tries a
 * bounded number of digits, so finding candidates is linear.
 */
const CANDIDATE = /(?<![\w+(])[+(]?\d(?:[ .\-()/]{0,3}\d){6,16}(?!\w)/g;
const MAX_GROUPS = 6;
const MAX_SINGLE_DIGIT_GROUPS = 2;

/** Written numbers group digits in a few blocks; a list of single digits (`1 2 3 4 5 6 7`) is not one. Returns the digit count. */
function plausibleDigits(candidate: string): number | undefined {
  let groups = 0;
  let singles = 0;
  let digits = 0;
  let run = 0;
  for (let i = 0; i <= candidate.length; i++) {
    const code = i < candidate.length ? candidate.charCodeAt(i) : -1;
    if (code >= 48 && code <= 57) {
      run++;
      continue;
    }
    if (run === 0) continue;
    groups++;
    digits += run;
    if (run === 1) singles++;
    if (groups > MAX_GROUPS || singles > MAX_SINGLE_DIGIT_GROUPS) return undefined;
    run = 0;
  }
  return digits > 15 ? undefined : digits;
}

/**
 * Phone numbers valid by libphonenumber-js's full metadata: international ones (`+44 20 7946 0958`) and
 * national ones of `defaultRegion` (`(415) 555-2671` for US), each candidate parsed whole (its
 * `findNumbers` costs up to 170 µs on a decoy, parsing at most 35). A validation costs 10 to 35 µs, so an input
 * made of decoys (a megabyte of `12 34 56 78 90`) could cost seconds: once the check's budget is spent, a
 * candidate that looks like a full number (10 to 15 digits) counts as one without validation; masking a
 * lookalike is the safe side.
 */
export function findPhoneNumbers(text: string, defaultRegion: CountryCode, budget: ScanBudget): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const candidate = match[0];
    const digits = plausibleDigits(candidate);
    if (digits === undefined) continue;
    let valid: boolean;
    if (budget.validations > 0) {
      budget.validations--;
      valid = phoneNumbers().parsePhoneNumberFromString(candidate, defaultRegion)?.isValid() === true;
    } else {
      valid = digits >= 10;
    }
    if (valid) spans.push({ start: match.index, end: match.index + candidate.length });
  }
  return spans;
}
