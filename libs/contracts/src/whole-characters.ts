/*
 * Cuts of text that never split a surrogate pair: half a pair is no character, and PostgreSQL refuses the JSON escape
 * of one (a spend row holding it would leave the fast spend line for the repairing path).
 */

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** The first `max` UTF-16 units of `text`, one fewer when the last of them would be the first half of a pair. */
export function headOf(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, max > 0 && isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max);
}

/** The last `max` UTF-16 units of `text`, one fewer when the first of them would be the second half of a pair. */
export function tailOf(text: string, max: number): string {
  if (max <= 0) return '';
  if (text.length <= max) return text;
  const start = text.length - max;
  return text.slice(isLowSurrogate(text.charCodeAt(start)) ? start + 1 : start);
}
