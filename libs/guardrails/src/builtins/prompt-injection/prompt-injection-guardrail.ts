import type { GuardrailBase } from '../../config/guardrail-base.ts';
import type { Guardrail, TextScanner } from '../../guardrail.ts';
import { scannerCheck } from '../../engine/scanner-check.ts';
import type { PromptInjectionParams } from './prompt-injection-params.ts';
import { scoreInjection } from './score-injection.ts';

/** The application's own instructions: they legitimately say "never reveal the system prompt". */
const INSTRUCTION_ROLES: ReadonlySet<string> = new Set(['system', 'developer']);

/**
 * `prompt_injection` (a heuristic, see injection-rules.ts): blocks a text whose score reaches the threshold.
 * System and developer messages are not scored; user messages, tool results, prompts and answers are.
 */
export function createPromptInjectionGuardrail(base: GuardrailBase, params: PromptInjectionParams): Guardrail {
  const scanner: TextScanner = {
    redacts: false,
    scan(text) {
      const { score, matches } = scoreInjection(text);
      if (score < params.threshold) return [];
      return matches.map((match) => ({ start: match.start, end: match.end, label: 'PROMPT_INJECTION', action: 'block', score }));
    },
  };
  const checkAll = scannerCheck(scanner, false);
  return {
    ...base,
    unmaskOutput: false,
    scanner,
    check: (texts, ctx) => checkAll(texts.filter((text) => text.role === undefined || !INSTRUCTION_ROLES.has(text.role)), ctx),
  };
}
