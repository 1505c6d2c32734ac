import { RE2JS } from 're2js';
import type { Span } from '../pii/span.ts';
import type { CompiledPattern } from './keywords-params.ts';

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * One case-insensitive alternation of the keywords, for re2js. Word boundaries are checked on each match
 * in JavaScript instead of with `\b`, which is ASCII-only in RE2 (`café` must not match in `cafés`).
 */
export function compileKeywords(keywords: readonly string[]): RE2JS | undefined {
  if (keywords.length === 0) return undefined;
  return RE2JS.compile(keywords.map((keyword) => RE2JS.quote(keyword)).join('|'), RE2JS.CASE_INSENSITIVE);
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD_CHAR.test(char);
}

/** A keyword match counts when it is not glued to a word character on a side where the keyword is a word. */
function standsAlone(text: string, start: number, end: number): boolean {
  const first = text[start];
  const last = text[end - 1];
  if (isWordChar(first) && isWordChar(text[start - 1])) return false;
  if (isWordChar(last) && isWordChar(text[end])) return false;
  return true;
}

/** Whole-word keyword matches. A rejected match resumes one character later, so the search stays linear. */
export function findKeywords(text: string, regex: RE2JS): Span[] {
  const spans: Span[] = [];
  const matcher = regex.matcher(text);
  let from = 0;
  while (from <= text.length && matcher.find(from)) {
    const start = matcher.start();
    const end = matcher.end();
    if (standsAlone(text, start, end)) {
      spans.push({ start, end });
      from = end;
    } else {
      from = start + 1;
    }
  }
  return spans;
}

/** Every non-empty match of each pattern. */
export function findPatterns(text: string, patterns: readonly CompiledPattern[]): Span[] {
  const spans: Span[] = [];
  for (const { regex } of patterns) {
    const matcher = regex.matcher(text);
    let from = 0;
    while (from <= text.length && matcher.find(from)) {
      const start = matcher.start();
      const end = matcher.end();
      if (end > start) spans.push({ start, end });
      from = end > start ? end : start + 1;
    }
  }
  return spans;
}
