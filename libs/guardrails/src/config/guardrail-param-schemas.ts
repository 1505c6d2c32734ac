import type { z } from 'zod';
import { genericGuardrailApiParamsSchema } from '../builtins/generic-api/generic-guardrail-api-params.ts';
import { keywordsParamsSchema } from '../builtins/keywords/keywords-params.ts';
import { openAiModerationParamsSchema } from '../builtins/moderation/openai-moderation-params.ts';
import { piiParamsSchema } from '../builtins/pii/pii-params.ts';
import { presidioParamsSchema } from '../builtins/presidio/presidio-params.ts';
import { promptInjectionParamsSchema } from '../builtins/prompt-injection/prompt-injection-params.ts';
import type { GuardrailBase } from './guardrail-base.ts';
import type { GuardrailType } from './guardrail-types.ts';

/** Each type's own `litellm_params`, validated at startup. */
export const GUARDRAIL_PARAM_SCHEMAS = {
  switchboard_pii: piiParamsSchema,
  keywords: keywordsParamsSchema,
  prompt_injection: promptInjectionParamsSchema,
  openai_moderation: openAiModerationParamsSchema,
  generic_guardrail_api: genericGuardrailApiParamsSchema,
  presidio: presidioParamsSchema,
} as const satisfies Record<GuardrailType, z.ZodTypeAny>;

export type GuardrailParams<T extends GuardrailType> = z.output<(typeof GUARDRAIL_PARAM_SCHEMAS)[T]>;

/** A validated `guardrails:` entry: its common settings and its type's parameters. */
export type GuardrailSpec = {
  [T in GuardrailType]: { type: T; base: GuardrailBase; params: GuardrailParams<T>; where: string };
}[GuardrailType];

/** The parameter names a type's schema knows (anything else in `litellm_params` is reported as ignored). */
export function paramNamesOf(type: GuardrailType): string[] {
  return Object.keys(GUARDRAIL_PARAM_SCHEMAS[type].innerType().shape);
}
