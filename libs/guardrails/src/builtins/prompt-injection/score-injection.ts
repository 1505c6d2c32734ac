import type { Span } from '../pii/span.ts';
import { INJECTION_RULES } from './injection-rules.ts';

export interface InjectionScore {
  score: number;
  /** The first match of each rule that matched. */
  matches: (Span & { rule: string })[];
}

/** The text's injection score, 0..1, and where the rules matched. */
export function scoreInjection(text: string): InjectionScore {
  let clean = 1;
  const matches: (Span & { rule: string })[] = [];
  for (const rule of INJECTION_RULES) {
    for (const regex of rule.regexes) {
      const match = regex.exec(text);
      if (!match) continue;
      clean *= 1 - rule.weight;
      matches.push({ start: match.index, end: match.index + match[0].length, rule: rule.name });
      break;
    }
  }
  return { score: 1 - clean, matches };
}
