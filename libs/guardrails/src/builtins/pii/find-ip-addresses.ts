import { isIPv6 } from 'node:net';
import type { Span } from './span.ts';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** Four octets, not inside a longer dotted number (`1.2.3.4.5`) and not glued to other digits. */
const IPV4 = new RegExp(`(?<![\\d.])${OCTET}(?:\\.${OCTET}){3}(?!\\d|\\.\\d)`, 'g');
const MAX_IPV6_LENGTH = 45;
const COLON = 58;

const isIpv6Char = (c: number): boolean => (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46;
const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * IPv6 addresses: from each colon, the run of address characters around it (hex digits, `:` and `.`), read
 * once; runs with two or more colons, standing as a word of their own, that Node's parser accepts
 * (`std::vector` and `Foo::bar` are glued to words; `12:30:45` does not parse).
 */
function findIpv6(text: string): Span[] {
  const spans: Span[] = [];
  for (let colon = text.indexOf(':'); colon !== -1; ) {
    let start = colon;
    while (start > 0 && isIpv6Char(text.charCodeAt(start - 1))) start--;
    let end = colon + 1;
    let colons = 0;
    while (end < text.length && isIpv6Char(text.charCodeAt(end))) end++;
    const runEnd = end;
    while (end > start && text.charCodeAt(end - 1) === 46) end--;
    for (let i = start; i < end && colons < 2; i++) if (text.charCodeAt(i) === COLON) colons++;
    const glued = (start > 0 && isWordChar(text.charCodeAt(start - 1))) || (end < text.length && isWordChar(text.charCodeAt(end)));
    if (colons >= 2 && end - start >= 3 && end - start <= MAX_IPV6_LENGTH && !glued && isIPv6(text.slice(start, end))) spans.push({ start, end });
    colon = text.indexOf(':', runEnd);
  }
  return spans;
}

/** IPv4 and IPv6 addresses. Version numbers with four parts (`1.2.3.4`) are indistinguishable and count too. */
export function findIpAddresses(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(IPV4)) spans.push({ start: match.index, end: match.index + match[0].length });
  return spans.concat(findIpv6(text));
}
