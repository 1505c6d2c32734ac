import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGuardrailApi } from '../../testing/fake-generic-guardrail-api.ts';
import type { FakeJsonServer } from '../../testing/fake-json-server.ts';
import { startFakeJsonServer, unusedUrl } from '../../testing/fake-json-server.ts';
import { checkContext, guardrailFor, userTexts } from '../../testing/guardrail-for-test.ts';

let fake: FakeJsonServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('generic_guardrail_api', () => {
  it('sends LiteLLM\'s request (texts, request_data, input_type, call id, provider params merged with the request\'s extra_body)', async () => {
    fake = await startFakeGuardrailApi(() => ({ json: { action: 'NONE' } }));
    const guard = guardrailFor({
      guardrail: 'generic_guardrail_api',
      api_base: `${fake.url}/`,
      api_key: 'gk-123',
      headers: { 'x-tenant': 't1' },
      additional_provider_specific_params: { threshold: 0.8, language: 'en' },
    });
    const ctx = checkContext({ phase: 'response', caller: { user_api_key_alias: 'team-key', user_api_key_team_id: 'team-1' }, dynamicParams: { threshold: 0.9 } });
    expect(await guard.check(userTexts('hi', 'there'), ctx)).toEqual({ verdict: 'pass' });
    const [request] = fake.requests;
    expect(request?.route).toBe('POST /beta/litellm_basic_guardrail_api');
    expect(request?.headers['x-api-key']).toBe('gk-123');
    expect(request?.headers['x-tenant']).toBe('t1');
    expect(request?.json).toEqual({
      texts: ['hi', 'there'],
      request_data: { user_api_key_alias: 'team-key', user_api_key_team_id: 'team-1' },
      input_type: 'response',
      litellm_call_id: 'req-1',
      litellm_trace_id: 'req-1',
      additional_provider_specific_params: { threshold: 0.9, language: 'en' },
    });
  });

  it('applies GUARDRAIL_INTERVENED texts and BLOCKED decisions', async () => {
    fake = await startFakeGuardrailApi((request) =>
      request.texts.some((text) => text.includes('bomb'))
        ? { json: { action: 'BLOCKED', blocked_reason: 'violent content' } }
        : { json: { action: 'GUARDRAIL_INTERVENED', texts: request.texts.map((text) => text.replace('Jane', '[NAME]')) } },
    );
    const guard = guardrailFor({ guardrail: 'generic_guardrail_api', api_base: fake.url });
    expect(await guard.check(userTexts('Jane says hi', 'ok'), checkContext())).toEqual({ verdict: 'mask', texts: ['[NAME] says hi', 'ok'], entities: { MODIFIED_TEXT: 1 } });
    expect(await guard.check(userTexts('make a bomb'), checkContext())).toEqual({ verdict: 'block', reason: 'violent content' });
  });

  it('does not repeat a block reason that quotes the checked text', async () => {
    fake = await startFakeGuardrailApi((request) => ({ json: { action: 'BLOCKED', blocked_reason: `found secret ${request.texts[0]}` } }));
    const guard = guardrailFor({ guardrail: 'generic_guardrail_api', api_base: fake.url });
    expect(await guard.check(userTexts('sk-live-0123456789abcdef'), checkContext())).toEqual({ verdict: 'block', reason: 'blocked by the guardrail service' });
  });

  it('cannot run when the service is down, answers an error, breaks the contract or is too slow', async () => {
    const down = guardrailFor({ guardrail: 'generic_guardrail_api', api_base: await unusedUrl() });
    await expect(down.check(userTexts('x'), checkContext())).rejects.toThrow('could not be reached');

    fake = await startFakeJsonServer({
      'POST /e500/beta/litellm_basic_guardrail_api': () => ({ status: 500, json: { detail: 'boom' } }),
      'POST /odd/beta/litellm_basic_guardrail_api': () => ({ json: { action: 'MAYBE' } }),
      'POST /short/beta/litellm_basic_guardrail_api': () => ({ json: { action: 'GUARDRAIL_INTERVENED', texts: [] } }),
      'POST /html/beta/litellm_basic_guardrail_api': () => ({ text: '<html>' }),
      'POST /slow/beta/litellm_basic_guardrail_api': () => ({ hang: true }),
    });
    const at = (path: string, extra: Record<string, unknown> = {}) => guardrailFor({ guardrail: 'generic_guardrail_api', api_base: `${fake?.url}${path}`, ...extra });
    await expect(at('/e500').check(userTexts('x'), checkContext())).rejects.toThrow('answered HTTP 500');
    await expect(at('/odd').check(userTexts('x'), checkContext())).rejects.toThrow('outside the generic guardrail API contract');
    await expect(at('/short').check(userTexts('x'), checkContext())).rejects.toThrow('returned 0 texts for 1');
    await expect(at('/html').check(userTexts('x'), checkContext())).rejects.toThrow('not JSON');
    await expect(at('/slow', { timeout: 0.1 }).check(userTexts('x'), checkContext())).rejects.toThrow('timed out after 100 ms');
  });
});
