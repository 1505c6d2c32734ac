import type { Span } from '../pii/span.ts';
import type { CompiledPattern } from './keywords-params.ts';

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
