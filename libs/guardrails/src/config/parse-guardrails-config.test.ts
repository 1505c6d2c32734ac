import { describe, expect, it } from 'vitest';
import { GuardrailConfigError } from './guardrail-config-error.ts';
import { parseGuardrailsConfig } from './parse-guardrails-config.ts';

const entry = (name: string, params: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ guardrail_name: name, litellm_params: params, ...extra });

function problem(config: unknown): { entry: string; field: string; message: string } {
  try {
    parseGuardrailsConfig(config);
  } catch (error) {
    if (error instanceof GuardrailConfigError) return { entry: error.entry, field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected a GuardrailConfigError');
}

describe('parseGuardrailsConfig', () => {
  it('reads LiteLLM entries: name, type, one mode or a list, default_on, fail_open and its LiteLLM spellings, timeout, info', () => {
    const { specs, warnings } = parseGuardrailsConfig([
      entry('pii', { guardrail: 'switchboard_pii', mode: 'PRE_CALL', default_on: true }),
      entry('words', { guardrail: 'keywords', mode: ['pre_call', 'post_call'], keywords: ['secret'] }, { guardrail_info: { owner: 'sec' } }),
      entry('api', { guardrail: 'generic_guardrail_api', mode: 'during_call', api_base: 'http://g.local', unreachable_fallback: 'FAIL_OPEN', timeout: '2.5' }),
      entry('api2', { guardrail: 'generic_guardrail_api', mode: 'post_call', api_base: 'http://g.local', fail_on_error: false }),
      entry('mod', { guardrail: 'openai_moderation', mode: 'logging_only', fail_open: 'true' }),
    ]);
    expect(warnings).toEqual([]);
    expect(specs.map((spec) => [spec.base.name, spec.type, [...spec.base.modes], spec.base.defaultOn, spec.base.failOpen])).toEqual([
      ['pii', 'switchboard_pii', ['pre_call'], true, false],
      ['words', 'keywords', ['pre_call', 'post_call'], false, false],
      ['api', 'generic_guardrail_api', ['during_call'], false, true],
      ['api2', 'generic_guardrail_api', ['post_call'], false, true],
      ['mod', 'openai_moderation', ['logging_only'], false, true],
    ]);
    expect(specs[1]?.base.info).toEqual({ owner: 'sec' });
    expect(specs[2]?.base.timeoutMs).toBe(2500);
    expect(specs[0]?.base.timeoutMs).toBe(10_000);
    expect(specs[1]?.base.modeAsWritten).toEqual(['pre_call', 'post_call']);
  });

  it('is empty without a guardrails section', () => {
    expect(parseGuardrailsConfig(undefined)).toEqual({ specs: [], warnings: [] });
  });

  it('names the entry and field of a missing name, params, type or mode', () => {
    expect(problem([{ litellm_params: {} }])).toMatchObject({ entry: 'guardrails[0]', field: 'guardrail_name' });
    expect(problem([entry('a', { guardrail: 'keywords', mode: 'pre_call', keywords: ['x'] }), { guardrail_name: 'b' }])).toMatchObject({
      entry: 'guardrails[1] "b"',
      field: 'litellm_params',
    });
    expect(problem([entry('c', { mode: 'pre_call' })])).toMatchObject({ entry: 'guardrails[0] "c"', field: 'litellm_params.guardrail' });
    expect(problem([entry('d', { guardrail: 'switchboard_pii' })]).message).toContain('litellm_params.mode: required');
    expect(problem('nope')).toMatchObject({ field: 'guardrails' });
  });

  it('refuses unknown modes, LiteLLM-only modes and tag-based modes', () => {
    expect(problem([entry('a', { guardrail: 'switchboard_pii', mode: 'before_call' })]).message).toBe(
      'guardrails[0] "a": litellm_params.mode: unknown mode "before_call" (supported: pre_call, during_call, post_call, logging_only)',
    );
    expect(problem([entry('a', { guardrail: 'switchboard_pii', mode: ['pre_call', 'pre_mcp_call'] })]).message).toContain('"pre_mcp_call" is a LiteLLM mode Switchboard does not run');
    expect(problem([entry('a', { guardrail: 'switchboard_pii', mode: { tags: { x: 'pre_call' } } })]).message).toContain('tag-based modes are not supported');
    expect(problem([entry('a', { guardrail: 'switchboard_pii', mode: [] })]).message).toContain('at least one mode');
  });

  it('refuses a LiteLLM guardrail type it does not implement, naming the supported ones', () => {
    const { field, message } = problem([entry('lakera', { guardrail: 'lakera_v2', mode: 'pre_call' })]);
    expect(field).toBe('litellm_params.guardrail');
    expect(message).toBe(
      'guardrails[0] "lakera": litellm_params.guardrail: "lakera_v2" is a LiteLLM guardrail Switchboard does not implement; supported: switchboard_pii, keywords, prompt_injection, openai_moderation, generic_guardrail_api, presidio',
    );
    expect(problem([entry('x', { guardrail: 'made_up', mode: 'pre_call' })]).message).toContain('unknown guardrail type "made_up"; supported: switchboard_pii');
  });

  it('never accepts a code guardrail', () => {
    expect(problem([entry('code', { guardrail: 'custom_code', mode: 'pre_call', custom_code: 'def apply_guardrail(x): ...' })]).message).toContain(
      'runs code from the config, which Switchboard never does',
    );
  });

  it('names a missing or bad type parameter', () => {
    expect(problem([entry('g', { guardrail: 'generic_guardrail_api', mode: 'pre_call' })])).toMatchObject({ field: 'litellm_params.api_base' });
    expect(problem([entry('g', { guardrail: 'generic_guardrail_api', mode: 'pre_call', api_base: 'ftp://x' })]).message).toContain('must be an http(s) URL');
    expect(problem([entry('p', { guardrail: 'presidio', mode: 'pre_call', presidio_analyzer_api_base: 'http://a' })])).toMatchObject({
      field: 'litellm_params.presidio_anonymizer_api_base',
    });
    expect(problem([entry('k', { guardrail: 'keywords', mode: 'pre_call' })]).message).toContain('litellm_params.keywords: required: give keywords, patterns or both');
    expect(problem([entry('i', { guardrail: 'prompt_injection', mode: 'pre_call', threshold: 2 })])).toMatchObject({ field: 'litellm_params.threshold' });
    expect(problem([entry('pii', { guardrail: 'switchboard_pii', mode: 'pre_call', pii_entities_config: { PASSPORT: 'MASK' } })])).toMatchObject({
      field: 'litellm_params.pii_entities_config.PASSPORT',
    });
    expect(problem([entry('pii', { guardrail: 'switchboard_pii', mode: 'pre_call', pii_entities_config: { EMAIL: 'redact' } })]).message).toContain('must be mask or block');
    expect(problem([entry('pii', { guardrail: 'switchboard_pii', mode: 'pre_call', default_on: 'yes' })])).toMatchObject({ field: 'litellm_params.default_on' });
  });

  it('names a pattern re2js refuses (backreferences, lookarounds) or one that matches nothing but the empty string', () => {
    expect(problem([entry('k', { guardrail: 'keywords', mode: 'pre_call', patterns: ['ok', '(a)\\1'] })])).toMatchObject({ field: 'litellm_params.patterns.1' });
    expect(problem([entry('k', { guardrail: 'keywords', mode: 'pre_call', patterns: ['(?=x)y'] })]).message).toContain('"(?=x)y" is not a pattern re2js runs');
    expect(problem([entry('k', { guardrail: 'keywords', mode: 'pre_call', patterns: ['a*'] })]).message).toContain('"a*" matches the empty string');
  });

  it('refuses two entries with one name', () => {
    const words = { guardrail: 'keywords', mode: 'pre_call', keywords: ['x'] };
    expect(problem([entry('w', words), entry('w', words)])).toMatchObject({ entry: 'guardrails[1] "w"', field: 'guardrail_name' });
  });

  it('warns about settings it does not act on instead of dropping them silently', () => {
    const { warnings } = parseGuardrailsConfig([
      entry('pii', { guardrail: 'switchboard_pii', mode: 'pre_call', skip_system_message_in_guardrail: true, api_key: 'x' }, { policy_template: 't' }),
    ]);
    expect(warnings).toEqual([
      'guardrails[0] "pii": policy_template: not supported, ignored',
      'guardrails[0] "pii": litellm_params.skip_system_message_in_guardrail: not supported by switchboard_pii, ignored',
      'guardrails[0] "pii": litellm_params.api_key: not supported by switchboard_pii, ignored',
    ]);
  });
});
