import type { GuardrailMode } from './config/guardrail-mode.ts';
import type { GuardrailType } from './config/guardrail-types.ts';
import type { EntityCounts } from './guardrail.ts';

/**
 * What a guardrail did at one stage: `passed` (found nothing), `masked` (changed what is sent, or what is
 * logged for logging_only), `blocked` (stopped the call), `flagged` (found something it does not enforce
 * at this stage: a logging_only block, or a during_call mask on a request already sent), `failed_open`
 * (could not run and its entry says fail_open), `failed` (could not run: the call failed closed).
 */
export type GuardrailAction = 'passed' | 'masked' | 'blocked' | 'flagged' | 'failed_open' | 'failed';

/** One guardrail's run at one stage, for the spend row, the audit log and metrics. Never holds checked text. */
export interface GuardrailOutcome {
  guardrail: string;
  type: GuardrailType;
  mode: GuardrailMode;
  action: GuardrailAction;
  /** Entity type (or category) → count, for masked, blocked and flagged. */
  entities?: EntityCounts;
  score?: number;
  /** Why it blocked or could not run (safe to show: names what was found, never the text). */
  reason?: string;
  durationMs: number;
}

export interface GuardrailStageResult {
  /** Names of the guardrails that ran at this stage, in order. */
  applied: string[];
  outcomes: GuardrailOutcome[];
}
