import type { GuardrailBase } from '../../config/guardrail-base.ts';
import type { CheckResult, Guardrail } from '../../guardrail.ts';
import { withDeadline } from '../../engine/with-deadline.ts';
import type { ModerateFn } from './moderate-fn.ts';
import type { OpenAiModerationParams } from './openai-moderation-params.ts';

/** `openai_moderation`: sends the texts to the gateway's moderation call and blocks what it flags. */
export function createOpenAiModerationGuardrail(base: GuardrailBase, params: OpenAiModerationParams, moderate: ModerateFn): Guardrail {
  const blocking = params.categories === undefined ? undefined : new Set(params.categories);
  return {
    ...base,
    unmaskOutput: false,
    async check(texts, ctx): Promise<CheckResult> {
      const input = texts.map((text) => text.text).filter((text) => text.trim() !== '');
      if (input.length === 0) return { verdict: 'pass' };
      const verdict = await withDeadline(base.timeoutMs, ctx.signal, (signal) => moderate(input, { model: params.model, signal, callSignal: ctx.signal }));
      const flagged = Object.entries(verdict.categories)
        .filter(([category, isFlagged]) => isFlagged && (blocking === undefined || blocking.has(category)))
        .map(([category]) => category);
      if (blocking === undefined ? !verdict.flagged : flagged.length === 0) return { verdict: 'pass' };
      const entities = Object.fromEntries(flagged.map((category) => [category, 1]));
      return { verdict: 'block', reason: `flagged by moderation${flagged.length > 0 ? `: ${flagged.join(', ')}` : ''}`, entities };
    },
  };
}
