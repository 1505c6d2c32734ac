import type { Span } from './span.ts';

/** A country code, two check digits and 11 to 30 letters or digits, optionally in space-separated groups. */
const CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g;
const MIN_LENGTH = 15;

/** ISO 13616's check: the number, rearranged with letters as 10..35, is 1 mod 97 (computed piecewise). */
export function passesIbanChecksum(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

/**
 * IBANs that pass the mod-97 checksum. A grouped IBAN followed by another word in capitals (`... 00 AB`)
 * is tried again without its trailing groups.
 */
export function findIbans(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    let candidate = match[0];
    for (;;) {
      const compact = candidate.replace(/ /g, '');
      if (compact.length >= MIN_LENGTH && passesIbanChecksum(compact)) {
        spans.push({ start: match.index, end: match.index + candidate.length });
        break;
      }
      const lastSpace = candidate.lastIndexOf(' ');
      if (lastSpace === -1) break;
      candidate = candidate.slice(0, lastSpace);
    }
  }
  return spans;
}
