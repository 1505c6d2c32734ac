import { HttpError } from '@switchboard/service-kit';
import type { GuardrailOutcome } from '../outcome.ts';

/**
 * A guardrail the call must pass could not run (its service is down, timed out or answered outside its
 * API; an enforced guardrail is missing from the config): a 503 naming it. The call fails closed unless the
 * guardrail's entry says `fail_open: true`. `cause` is the underlying error, for logs only.
 */
export class GuardrailUnavailableError extends HttpError {
  readonly guardrailName: string;
  readonly outcome: GuardrailOutcome | undefined;

  constructor(guardrailName: string, reason: string, options: { outcome?: GuardrailOutcome; cause?: unknown } = {}) {
    super(503, `Guardrail "${guardrailName}" could not run: ${reason}`, { code: 'guardrail_unavailable', param: guardrailName });
    this.name = 'GuardrailUnavailableError';
    this.guardrailName = guardrailName;
    this.outcome = options.outcome;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}
