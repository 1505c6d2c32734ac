import type { Span } from './span.ts';

/** `AAA-GG-SSSS` (or with spaces), not part of a longer number. Nine bare digits are too common to count. */
const SSN = /(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])/g;

/** US Social Security numbers, without the ranges never issued (area 000, 666, 900-999; group 00; serial 0000). */
export function findUsSsns(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(SSN)) {
    const [whole, area = '', , group = '', serial = ''] = match;
    if (area === '000' || area === '666' || area.startsWith('9') || group === '00' || serial === '0000') continue;
    spans.push({ start: match.index, end: match.index + whole.length });
  }
  return spans;
}
