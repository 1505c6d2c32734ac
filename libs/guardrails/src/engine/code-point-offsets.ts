const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Converts offsets counted in code points (Python's string indices, which Presidio reports) into UTF-16
 * offsets (JavaScript's). Identity for texts without astral characters.
 */
export function codePointOffsets(text: string): { length: number; toUtf16(offset: number): number } {
  if (!SURROGATE.test(text)) return { length: text.length, toUtf16: (offset) => offset };
  const utf16: number[] = [];
  let at = 0;
  for (const char of text) {
    utf16.push(at);
    at += char.length;
  }
  utf16.push(at);
  return { length: utf16.length - 1, toUtf16: (offset) => utf16[Math.min(offset, utf16.length - 1)] ?? at };
}
