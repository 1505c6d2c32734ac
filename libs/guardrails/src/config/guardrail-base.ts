import type { GuardrailMode } from './guardrail-mode.ts';
import type { GuardrailType } from './guardrail-types.ts';

/** The settings every guardrail entry has, whatever its type. */
export interface GuardrailBase {
  name: string;
  type: GuardrailType;
  modes: ReadonlySet<GuardrailMode>;
  /** `mode` as the config wrote it (a string or a list), for `/guardrails/list`. */
  modeAsWritten: string | string[];
  defaultOn: boolean;
  /** Let the call through when the guardrail cannot run (its service is down, times out or answers nonsense). */
  failOpen: boolean;
  /** For guardrails that call a service: the per-call deadline (`timeout`, seconds in the config). */
  timeoutMs: number;
  /** `guardrail_info`, returned by `/guardrails/list`. */
  info?: Record<string, unknown>;
}
