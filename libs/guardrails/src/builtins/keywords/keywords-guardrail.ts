import type { GuardrailBase } from '../../config/guardrail-base.ts';
import type { Finding, Guardrail, TextScanner } from '../../guardrail.ts';
import { resolveOverlaps } from '../../engine/resolve-overlaps.ts';
import { scannerCheck } from '../../engine/scanner-check.ts';
import { findPatterns } from './find-patterns.ts';
import { KeywordMatcher } from './keyword-matcher.ts';
import type { KeywordsParams } from './keywords-params.ts';

/** `keywords`: banned words (one-pass whole-word search) and re2js patterns, blocked (default) or masked as `[KEYWORD_n]` / `[PATTERN_n]`. */
export function createKeywordsGuardrail(base: GuardrailBase, params: KeywordsParams): Guardrail {
  const keywords = params.keywords.length > 0 ? new KeywordMatcher(params.keywords) : undefined;
  const { action, patterns } = params;
  const scanner: TextScanner = {
    redacts: true,
    scan(text) {
      const findings: Finding[] = [];
      if (keywords) for (const span of keywords.find(text)) findings.push({ start: span.start, end: span.end, label: 'KEYWORD', action });
      for (const span of findPatterns(text, patterns)) findings.push({ start: span.start, end: span.end, label: 'PATTERN', action });
      return resolveOverlaps(findings);
    },
  };
  return { ...base, unmaskOutput: false, scanner, check: scannerCheck(scanner, false) };
}
