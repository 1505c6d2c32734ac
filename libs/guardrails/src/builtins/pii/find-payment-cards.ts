import { passesLuhn } from './luhn.ts';
import type { Span } from './span.ts';

/**
 * 13 to 19 digits, optionally grouped by single spaces or hyphens. Not preceded or followed by a digit, so
 * a longer digit run is not a card. Each start tries at most 19 digits: linear on any input.
 */
const CANDIDATE = /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g;
/** Grouped digits must look like a card (groups of 3 or more, as in 4-4-4-4 or 4-6-5), not a list of numbers. */
function plausibleGrouping(candidate: string): boolean {
  let group = 0;
  for (let i = 0; i < candidate.length; i++) {
    const code = candidate.charCodeAt(i);
    if (code >= 48 && code <= 57) group++;
    else if (group < 3) return false;
    else group = 0;
  }
  return true;
}

/** Payment card numbers: the shape above, a plausible grouping, the Luhn check, and not one digit repeated. */
export function findPaymentCards(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const candidate = match[0];
    const digits = candidate.replace(/[ -]/g, '');
    if (!plausibleGrouping(candidate) || /^(\d)\1*$/.test(digits) || !passesLuhn(digits)) continue;
    spans.push({ start: match.index, end: match.index + candidate.length });
  }
  return spans;
}
