import { createGenericGuardrailApiGuardrail } from './builtins/generic-api/generic-guardrail-api-guardrail.ts';
import { createKeywordsGuardrail } from './builtins/keywords/keywords-guardrail.ts';
import type { ModerateFn } from './builtins/moderation/moderate-fn.ts';
import { createOpenAiModerationGuardrail } from './builtins/moderation/openai-moderation-guardrail.ts';
import { createPiiGuardrail } from './builtins/pii/pii-guardrail.ts';
import { createPresidioGuardrail } from './builtins/presidio/presidio-guardrail.ts';
import { createPromptInjectionGuardrail } from './builtins/prompt-injection/prompt-injection-guardrail.ts';
import { GuardrailConfigError } from './config/guardrail-config-error.ts';
import type { GuardrailSpec } from './config/guardrail-param-schemas.ts';
import type { Guardrail } from './guardrail.ts';

/** What guardrails need from the gateway. */
export interface GuardrailDeps {
  /** The gateway's moderation sub-call; required when an `openai_moderation` guardrail is configured. */
  moderate?: ModerateFn;
}

export function buildGuardrail(spec: GuardrailSpec, deps: GuardrailDeps): Guardrail {
  switch (spec.type) {
    case 'switchboard_pii':
      return createPiiGuardrail(spec.base, spec.params);
    case 'keywords':
      return createKeywordsGuardrail(spec.base, spec.params);
    case 'prompt_injection':
      return createPromptInjectionGuardrail(spec.base, spec.params);
    case 'openai_moderation':
      if (!deps.moderate) throw new GuardrailConfigError(spec.where, 'litellm_params.guardrail', 'openai_moderation needs the gateway\'s moderation call, and none was given');
      return createOpenAiModerationGuardrail(spec.base, spec.params, deps.moderate);
    case 'generic_guardrail_api':
      return createGenericGuardrailApiGuardrail(spec.base, spec.params);
    case 'presidio':
      return createPresidioGuardrail(spec.base, spec.params);
  }
}
