import { describe, expect, it } from 'vitest';
import { GuardrailUnavailableError } from '../errors/guardrail-unavailable-error.ts';
import { createGuardrails } from '../guardrails.ts';
import { selectGuardrails } from './select-guardrails.ts';

const guardrails = createGuardrails([
  { guardrail_name: 'global-pii', litellm_params: { guardrail: 'switchboard_pii', mode: 'pre_call', default_on: true } },
  { guardrail_name: 'words', litellm_params: { guardrail: 'keywords', mode: 'pre_call', keywords: ['zeus'] } },
  { guardrail_name: 'injection', litellm_params: { guardrail: 'prompt_injection', mode: 'pre_call' } },
  { guardrail_name: 'webhook', litellm_params: { guardrail: 'generic_guardrail_api', mode: 'pre_call', api_base: 'http://127.0.0.1:9' } },
]);

const names = (selection: { guardrails: readonly { name: string }[] }): string[] => selection.guardrails.map((guardrail) => guardrail.name);

describe('selecting the guardrails of a call', () => {
  it('runs default_on guardrails, the key\'s and the team\'s, in config order', () => {
    expect(names(guardrails.select({ body: {} }))).toEqual(['global-pii']);
    const selection = guardrails.select({ body: {}, keyMetadata: { guardrails: ['injection'] }, teamMetadata: { guardrails: ['words'] } });
    expect(names(selection)).toEqual(['global-pii', 'words', 'injection']);
    expect([...selection.enforced].sort()).toEqual(['global-pii', 'injection', 'words']);
  });

  it('lets a request add guardrails by name, in metadata, or LiteLLM\'s {name: {extra_body}} form', () => {
    expect(names(guardrails.select({ body: { guardrails: ['words'] } }))).toEqual(['global-pii', 'words']);
    expect(names(guardrails.select({ body: { metadata: { guardrails: ['injection'] } } }))).toEqual(['global-pii', 'injection']);
    expect(names(guardrails.select({ body: { litellm_metadata: { guardrails: { words: true } } } }))).toEqual(['global-pii', 'words']);
    const selection = guardrails.select({ body: { guardrails: [{ webhook: { extra_body: { threshold: 0.1 } } }] } });
    expect(names(selection)).toEqual(['global-pii', 'webhook']);
    expect(selection.dynamicParams.get('webhook')).toEqual({ threshold: 0.1 });
  });

  it('never lets a request switch off a guardrail its key or team enforces, nor a default_on one', () => {
    const selection = guardrails.select({
      body: {
        guardrails: [],
        disable_global_guardrails: true,
        metadata: { guardrails: { 'global-pii': false, words: false }, disable_global_guardrails: true, opted_out_global_guardrails: ['global-pii'] },
        litellm_metadata: { disable_global_guardrail: true },
      },
      keyMetadata: { guardrails: ['words'] },
    });
    expect(names(selection)).toEqual(['global-pii', 'words']);
    expect(selection.warnings).toEqual([
      'metadata.guardrails.global-pii: a request cannot switch a guardrail off, ignored',
      'metadata.guardrails.words: a request cannot switch a guardrail off, ignored',
      'metadata.disable_global_guardrails: a request cannot switch guardrails off, ignored',
      'metadata.opted_out_global_guardrails: a request cannot switch guardrails off, ignored',
      'litellm_metadata.disable_global_guardrail: a request cannot switch guardrails off, ignored',
      'disable_global_guardrails: a request cannot switch guardrails off, ignored',
    ]);
  });

  it('does not let a request tune an enforced guardrail through extra_body', () => {
    const selection = guardrails.select({ body: { guardrails: [{ webhook: { extra_body: { threshold: 1 } } }] }, teamMetadata: { guardrails: ['webhook'] } });
    expect(selection.dynamicParams.size).toBe(0);
    expect(selection.warnings).toEqual(['guardrails.webhook.extra_body: webhook is enforced for this key; a request cannot change its settings, ignored']);
  });

  it('drops default_on guardrails only for a key or team an admin set disable_global_guardrails on, keeping what they attach', () => {
    expect(names(guardrails.select({ body: {}, keyMetadata: { disable_global_guardrails: true } }))).toEqual([]);
    expect(names(guardrails.select({ body: {}, teamMetadata: { disable_global_guardrails: true, guardrails: ['global-pii'] } }))).toEqual(['global-pii']);
  });

  it('answers 400 for a requested guardrail that is not configured', () => {
    expect(() => guardrails.select({ body: { guardrails: ['nope'] } })).toThrow(expect.objectContaining({ status: 400, code: 'guardrail_not_found' }));
  });

  it('fails closed (503) when the key enforces a guardrail the config no longer has', () => {
    const attempt = () => guardrails.select({ body: {}, keyMetadata: { guardrails: ['removed-guard'] } });
    expect(attempt).toThrow(GuardrailUnavailableError);
    expect(attempt).toThrow('Guardrail "removed-guard" could not run: it is required for this key or team but is not configured');
  });
});

describe('a malformed request guardrails value', () => {
  it('is a 400 naming the field, not silently ignored', () => {
    for (const [body, param] of [
      [{ guardrails: 5 }, 'guardrails'],
      [{ guardrails: 'pii' }, 'guardrails'],
      [{ guardrails: [7] }, 'guardrails'],
      [{ metadata: { guardrails: 'pii' } }, 'metadata.guardrails'],
    ] as const) {
      expect(() => selectGuardrails([], { body }), JSON.stringify(body)).toThrow(expect.objectContaining({ status: 400, param }));
    }
  });
});
