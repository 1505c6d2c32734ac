import { describe, expect, it } from 'vitest';
import { GuardrailViolationError } from './errors/guardrail-violation-error.ts';
import { createGuardrails } from './guardrails.ts';

const guardrails = createGuardrails([
  { guardrail_name: 'pii', litellm_params: { guardrail: 'switchboard_pii', mode: ['pre_call', 'post_call'], default_on: true }, guardrail_info: { owner: 'security' } },
  { guardrail_name: 'webhook', litellm_params: { guardrail: 'generic_guardrail_api', mode: 'during_call', api_base: 'http://127.0.0.1:9', api_key: 'gk-secret' } },
  { guardrail_name: 'words', litellm_params: { guardrail: 'keywords', mode: 'logging_only', keywords: ['zeus'] } },
]);

describe('Guardrails', () => {
  it('lists guardrails as LiteLLM\'s /guardrails/list does, without credentials or service URLs', () => {
    const listed = guardrails.list();
    expect(listed).toEqual({
      guardrails: [
        { guardrail_name: 'pii', litellm_params: { guardrail: 'switchboard_pii', mode: ['pre_call', 'post_call'], default_on: true }, guardrail_info: { owner: 'security' } },
        { guardrail_name: 'webhook', litellm_params: { guardrail: 'generic_guardrail_api', mode: 'during_call', default_on: false }, guardrail_info: null },
        { guardrail_name: 'words', litellm_params: { guardrail: 'keywords', mode: 'logging_only', default_on: false }, guardrail_info: null },
      ],
    });
    expect(JSON.stringify(listed)).not.toMatch(/gk-secret|127\.0\.0\.1/);
  });

  it('applies one guardrail to one text for /guardrails/apply_guardrail, whatever its modes', async () => {
    expect(await guardrails.apply({ guardrailName: 'pii', text: 'mail a@b.co', requestId: 'r' })).toMatchObject({
      responseText: 'mail [EMAIL_1]',
      outcome: { guardrail: 'pii', action: 'masked' },
    });
    await expect(guardrails.apply({ guardrailName: 'words', text: 'about Zeus', inputType: 'response', requestId: 'r' })).rejects.toThrow(GuardrailViolationError);
    await expect(guardrails.apply({ guardrailName: 'webhook', text: 'x', requestId: 'r' })).rejects.toMatchObject({ status: 503 });
    await expect(guardrails.apply({ guardrailName: 'nope', text: 'x', requestId: 'r' })).rejects.toMatchObject({ status: 404 });
  });

  it('is empty without a guardrails section, so the gateway can leave the feature out', () => {
    expect(createGuardrails(undefined).isEmpty).toBe(true);
    expect(guardrails.isEmpty).toBe(false);
  });
});
