import type { GuardrailMode } from '../config/guardrail-mode.ts';
import { GuardrailUnavailableError } from '../errors/guardrail-unavailable-error.ts';
import { GuardrailViolationError } from '../errors/guardrail-violation-error.ts';
import type { CheckContext, CheckResult, GuardedText, Guardrail } from '../guardrail.ts';
import type { GuardrailOutcome } from '../outcome.ts';
import { GuardrailUnreachable } from './guardrail-unreachable.ts';

export interface GuardrailRun {
  outcome: GuardrailOutcome;
  /** The texts to continue with, when the guardrail masked and masks apply at this stage. */
  masked?: string[];
}

/**
 * Runs one guardrail's check and turns its verdict into an outcome, passed to `record` before anything is
 * thrown. Enforcing, a block throws GuardrailViolationError; logging, it is only flagged. A check that
 * throws fails closed (GuardrailUnavailableError) unless the guardrail fails open. `applyMasks` is false
 * during the call, when the request is already on its way: a mask is then only flagged.
 */
export async function runGuardrail(
  guardrail: Guardrail,
  mode: GuardrailMode,
  texts: readonly GuardedText[],
  ctx: CheckContext,
  applyMasks: boolean,
  record: (outcome: GuardrailOutcome) => void,
): Promise<GuardrailRun> {
  const started = performance.now();
  const base = { guardrail: guardrail.name, type: guardrail.type, mode };
  const elapsed = (): number => Math.round((performance.now() - started) * 1000) / 1000;
  let result: CheckResult;
  try {
    result = await guardrail.check(texts, ctx);
  } catch (error) {
    const reason = error instanceof GuardrailUnreachable ? error.message : 'it failed unexpectedly';
    const outcome: GuardrailOutcome = { ...base, action: guardrail.failOpen ? 'failed_open' : 'failed', reason, durationMs: elapsed() };
    record(outcome);
    if (guardrail.failOpen) return { outcome };
    throw new GuardrailUnavailableError(guardrail.name, reason, { outcome, cause: error });
  }
  const durationMs = elapsed();
  switch (result.verdict) {
    case 'pass': {
      const outcome: GuardrailOutcome = { ...base, action: 'passed', durationMs, ...(result.score === undefined ? {} : { score: result.score }) };
      record(outcome);
      return { outcome };
    }
    case 'mask': {
      const outcome: GuardrailOutcome = { ...base, action: applyMasks ? 'masked' : 'flagged', entities: result.entities, durationMs };
      record(outcome);
      return applyMasks ? { outcome, masked: result.texts } : { outcome };
    }
    case 'block': {
      const enforce = ctx.purpose === 'enforce';
      const outcome: GuardrailOutcome = {
        ...base,
        action: enforce ? 'blocked' : 'flagged',
        reason: result.reason,
        durationMs,
        ...(result.entities === undefined ? {} : { entities: result.entities }),
        ...(result.score === undefined ? {} : { score: result.score }),
      };
      record(outcome);
      if (enforce) throw new GuardrailViolationError(outcome, ctx.phase);
      return { outcome };
    }
  }
}
