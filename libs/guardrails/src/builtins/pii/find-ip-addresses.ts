import { isIPv6 } from 'node:net';
import type { Span } from './span.ts';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** Four octets, not inside a longer dotted number (`1.2.3.4.5`) and not glued to other digits. */
const IPV4 = new RegExp(`(?<![\\d.])${OCTET}(?:\\.${OCTET}){3}(?!\\d|\\.\\d)`, 'g');
/** Maximal runs of the characters an IPv6 address is made of: each character is read once. */
const IPV6_RUN = /[0-9A-Fa-f:.]+/g;
const MAX_IPV6_LENGTH = 45;
const WORD_CHAR = /[\w]/;

function colonCount(run: string): number {
  let count = 0;
  for (let i = 0; i < run.length; i++) if (run.charCodeAt(i) === 58) count++;
  return count;
}

/**
 * IPv6 addresses: runs with two or more colons that Node's parser accepts, standing as a word of their own
 * (`std::vector` and `Foo::bar` are not addresses; `12:30:45` does not parse).
 */
function findIpv6(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(IPV6_RUN)) {
    let run = match[0];
    while (run.endsWith('.')) run = run.slice(0, -1);
    if (run.length < 3 || run.length > MAX_IPV6_LENGTH || colonCount(run) < 2) continue;
    const before = text[match.index - 1];
    const after = text[match.index + run.length];
    if ((before !== undefined && WORD_CHAR.test(before)) || (after !== undefined && WORD_CHAR.test(after))) continue;
    if (!/[0-9A-Fa-f]/.test(run) || !isIPv6(run)) continue;
    spans.push({ start: match.index, end: match.index + run.length });
  }
  return spans;
}

/** IPv4 and IPv6 addresses. Version numbers with four parts (`1.2.3.4`) are indistinguishable and count too. */
export function findIpAddresses(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(IPV4)) spans.push({ start: match.index, end: match.index + match[0].length });
  return spans.concat(findIpv6(text));
}
