import type { GuardrailBase } from '../../config/guardrail-base.ts';
import type { CheckResult, Guardrail } from '../../guardrail.ts';
import { GuardrailUnreachable } from '../../engine/guardrail-unreachable.ts';
import { postJson } from '../../engine/post-json.ts';
import { safeRemoteReason } from '../../engine/safe-remote-reason.ts';
import { withDeadline } from '../../engine/with-deadline.ts';
import type { GenericGuardrailApiParams } from './generic-guardrail-api-params.ts';
import { genericGuardrailApiResponseSchema } from './generic-guardrail-api-wire.ts';

/**
 * `generic_guardrail_api`: POSTs the texts to a service implementing LiteLLM's generic guardrail API
 * (`{texts, request_data, input_type, litellm_call_id, additional_provider_specific_params}`) and applies
 * its decision. An answer outside the contract (including new texts that do not line up with the sent
 * ones) means the guardrail could not run.
 */
export function createGenericGuardrailApiGuardrail(base: GuardrailBase, params: GenericGuardrailApiParams): Guardrail {
  return {
    ...base,
    unmaskOutput: false,
    async check(texts, ctx): Promise<CheckResult> {
      const sent = texts.map((text) => text.text);
      if (sent.length === 0) return { verdict: 'pass' };
      const body = {
        texts: sent,
        request_data: ctx.caller,
        input_type: ctx.phase,
        litellm_call_id: ctx.requestId,
        litellm_trace_id: ctx.requestId,
        additional_provider_specific_params: { ...params.providerParams, ...(ctx.dynamicParams ?? {}) },
      };
      const answer = await withDeadline(base.timeoutMs, ctx.signal, (signal) => postJson(params.url, body, params.headers, signal));
      const parsed = genericGuardrailApiResponseSchema.safeParse(answer);
      if (!parsed.success) throw new GuardrailUnreachable('answered outside the generic guardrail API contract');
      const { action, blocked_reason: reason, texts: changed } = parsed.data;
      if (action === 'NONE') return { verdict: 'pass' };
      if (action === 'BLOCKED') return { verdict: 'block', reason: safeRemoteReason(reason, sent) ?? 'blocked by the guardrail service' };
      if (!changed) return { verdict: 'pass' };
      if (changed.length !== sent.length) throw new GuardrailUnreachable(`returned ${changed.length} texts for ${sent.length}`);
      const differing = changed.filter((text, i) => text !== sent[i]).length;
      return differing === 0 ? { verdict: 'pass' } : { verdict: 'mask', texts: changed, entities: { MODIFIED_TEXT: differing } };
    },
  };
}
