import { afterEach, describe, expect, it } from 'vitest';
import { startFakePresidio } from '../../testing/fake-presidio.ts';
import { unusedUrl, type FakeJsonServer } from '../../testing/fake-json-server.ts';
import { checkContext, guardrailFor, userTexts } from '../../testing/guardrail-for-test.ts';

let presidio: FakeJsonServer | undefined;
afterEach(async () => {
  await presidio?.close();
  presidio = undefined;
});

const paramsFor = (url: string, extra: Record<string, unknown> = {}) => ({
  guardrail: 'presidio',
  presidio_analyzer_api_base: url,
  presidio_anonymizer_api_base: `${url}/`,
  ...extra,
});

describe('presidio', () => {
  it('analyzes each text and anonymizes what it found through the anonymizer', async () => {
    presidio = await startFakePresidio();
    const guard = guardrailFor(paramsFor(presidio.url, { presidio_language: 'de' }));
    expect(await guard.check(userTexts('Jane Doe writes from jane@example.com', 'nothing here', '  '), checkContext())).toEqual({
      verdict: 'mask',
      texts: ['<PERSON> writes from <EMAIL_ADDRESS>', 'nothing here', '  '],
      entities: { PERSON: 1, EMAIL_ADDRESS: 1 },
    });
    const routes = presidio.requests.map((request) => request.route);
    expect(routes.filter((route) => route === 'POST /analyze')).toHaveLength(2);
    expect(routes.filter((route) => route === 'POST /anonymize')).toHaveLength(1);
    expect(presidio.requests.find((request) => request.route === 'POST /analyze')?.json).toMatchObject({ language: 'de' });
  });

  it('asks only for the configured entities and blocks on one set to block', async () => {
    presidio = await startFakePresidio();
    const guard = guardrailFor(paramsFor(presidio.url, { pii_entities_config: { EMAIL_ADDRESS: 'MASK', PHONE_NUMBER: 'BLOCK' } }));
    expect(await guard.check(userTexts('call +1 415 555 2671, Jane Doe'), checkContext())).toEqual({
      verdict: 'block',
      reason: 'PHONE_NUMBER detected',
      entities: { PHONE_NUMBER: 1 },
    });
    expect(presidio.requests[0]?.json).toMatchObject({ entities: ['EMAIL_ADDRESS', 'PHONE_NUMBER'] });
  });

  it('drops results under the score thresholds or in the deny list', async () => {
    presidio = await startFakePresidio();
    const guard = guardrailFor(paramsFor(presidio.url, { presidio_score_thresholds: { PHONE_NUMBER: 0.8 }, presidio_entities_deny_list: ['PERSON'] }));
    expect(await guard.check(userTexts('Jane Doe: +1 415 555 2671'), checkContext())).toEqual({ verdict: 'pass' });
  });

  it('with output_parse_pii, puts numbered placeholders at the analyzer\'s offsets (code points) and restores them in the answer', async () => {
    presidio = await startFakePresidio();
    const guard = guardrailFor(paramsFor(presidio.url, { output_parse_pii: true }));
    const ctx = checkContext();
    expect(await guard.check(userTexts('😀 Jane Doe and John Smith: jane@example.com'), ctx)).toEqual({
      verdict: 'mask',
      texts: ['😀 [PERSON_1] and [PERSON_2]: [EMAIL_ADDRESS_1]'],
      entities: { PERSON: 2, EMAIL_ADDRESS: 1 },
    });
    expect(presidio.requests.some((request) => request.route === 'POST /anonymize')).toBe(false);
    expect(ctx.vault.restore('Hello [PERSON_2] at [EMAIL_ADDRESS_1]')).toBe('Hello John Smith at jane@example.com');
  });

  it('cannot run when the analyzer is down', async () => {
    const guard = guardrailFor(paramsFor(await unusedUrl()));
    await expect(guard.check(userTexts('Jane Doe'), checkContext())).rejects.toThrow('could not be reached');
  });
});
