import { HttpError } from '@switchboard/service-kit';
import type { GuardrailOutcome } from '../outcome.ts';

/**
 * A guardrail blocked the request or the answer: a 400 `guardrail_violation` naming the guardrail. The
 * message says what kind of thing was found, never the text that matched. `param` carries the guardrail's
 * name for clients that branch on it.
 */
export class GuardrailViolationError extends HttpError {
  readonly guardrailName: string;
  readonly outcome: GuardrailOutcome;

  constructor(outcome: GuardrailOutcome, phase: 'request' | 'response') {
    super(400, `Guardrail "${outcome.guardrail}" blocked the ${phase}: ${outcome.reason ?? 'content violates its policy'}`, {
      code: 'guardrail_violation',
      param: outcome.guardrail,
    });
    this.name = 'GuardrailViolationError';
    this.guardrailName = outcome.guardrail;
    this.outcome = outcome;
  }
}
