import type { Span } from './span.ts';

/** A country code, two check digits and 11 to 30 letters or digits, optionally in space-separated groups. */
const CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g;
const MIN_LENGTH = 15;

/** Adds one character (digit, or letter as 10..35) to a running mod-97 remainder. */
function step(remainder: number, code: number): number {
  return code >= 65 ? (remainder * 100 + (code - 55)) % 97 : (remainder * 10 + (code - 48)) % 97;
}

/** ISO 13616's check on the first `length` characters: rearranged (country and check digits last), the number is 1 mod 97. */
function passesChecksum(compact: string, length: number): boolean {
  let remainder = 0;
  for (let i = 4; i < length; i++) remainder = step(remainder, compact.charCodeAt(i));
  for (let i = 0; i < 4; i++) remainder = step(remainder, compact.charCodeAt(i));
  return remainder === 1;
}

export function passesIbanChecksum(iban: string): boolean {
  return passesChecksum(iban, iban.length);
}

/**
 * IBANs that pass the mod-97 checksum. A grouped IBAN followed by another word in capitals (`... 00 AB`)
 * is tried again without its trailing groups.
 */
export function findIbans(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const candidate = match[0];
    const compact = candidate.replace(/ /g, '');
    // Where the candidate may end: its end, then before each space from the last one back.
    let end = candidate.length;
    let length = compact.length;
    for (;;) {
      if (length >= MIN_LENGTH && passesChecksum(compact, length)) {
        spans.push({ start: match.index, end: match.index + end });
        break;
      }
      const space = candidate.lastIndexOf(' ', end - 1);
      if (space === -1) break;
      length -= end - space - 1;
      end = space;
    }
  }
  return spans;
}
