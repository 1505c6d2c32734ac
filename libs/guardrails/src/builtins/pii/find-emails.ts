import type { Span } from './span.ts';

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
const DOT = 46;
const HYPHEN = 45;

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const LOCAL_SYMBOLS = new Set([...".!#$%&'*+/=?^_`{|}~-"].map((ch) => ch.charCodeAt(0)));
const isLocalChar = (c: number): boolean => isAlnum(c) || LOCAL_SYMBOLS.has(c);
const isDomainChar = (c: number): boolean => isAlnum(c) || c === DOT || c === HYPHEN;

/**
 * Email addresses, found from each `@` outwards instead of with one regex: a regex such as
 * `[\w.]+@[\w.]+\.\w+` backtracks quadratically on a long run of word characters without an `@`. Each `@`
 * costs at most the local-part and domain length limits, so the scan is linear.
 */
export function findEmails(text: string): Span[] {
  const spans: Span[] = [];
  let floor = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > floor && at - start < MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1))) start--;
    while (start < at && text.charCodeAt(start) === DOT) start++;
    if (start === at) continue;

    let end = at + 1;
    while (end < text.length && end - at <= MAX_DOMAIN && isDomainChar(text.charCodeAt(end))) end++;
    while (end > at + 1 && (text.charCodeAt(end - 1) === DOT || text.charCodeAt(end - 1) === HYPHEN)) end--;
    let lastDot = -1;
    for (let i = end - 1; i > at + 1 && lastDot === -1; i--) if (text.charCodeAt(i) === DOT) lastDot = i;
    if (lastDot === -1 || end - lastDot - 1 < 2) continue;
    let tldIsLetters = true;
    for (let i = lastDot + 1; i < end; i++) if (!isLetter(text.charCodeAt(i))) tldIsLetters = false;
    if (!tldIsLetters || text.charCodeAt(at + 1) === DOT) continue;

    spans.push({ start, end });
    floor = end;
    at = end - 1;
  }
  return spans;
}
