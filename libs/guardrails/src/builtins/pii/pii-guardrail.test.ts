import { describe, expect, it } from 'vitest';
import { checkContext, guardrailFor, userTexts } from '../../testing/guardrail-for-test.ts';

describe('switchboard_pii', () => {
  it('masks every entity with numbered typed placeholders, the same value getting the same placeholder', async () => {
    const pii = guardrailFor({ guardrail: 'switchboard_pii' });
    const result = await pii.check(userTexts('Mail jane@example.com, then bob@example.com', 'again jane@example.com, card 4111 1111 1111 1111'), checkContext());
    expect(result).toEqual({
      verdict: 'mask',
      texts: ['Mail [EMAIL_1], then [EMAIL_2]', 'again [EMAIL_1], card [CREDIT_CARD_1]'],
      entities: { EMAIL: 3, CREDIT_CARD: 1 },
    });
  });

  it('blocks on an entity configured to block, naming the entity and never its value', async () => {
    const pii = guardrailFor({ guardrail: 'switchboard_pii', pii_entities_config: { EMAIL_ADDRESS: 'MASK', CREDIT_CARD: 'BLOCK' } });
    const result = await pii.check(userTexts('a@b.co pays with 4111111111111111'), checkContext());
    expect(result).toEqual({ verdict: 'block', reason: 'CREDIT_CARD detected', entities: { CREDIT_CARD: 1 } });
    expect(JSON.stringify(result)).not.toContain('4111');
  });

  it('looks only for the configured entities', async () => {
    const pii = guardrailFor({ guardrail: 'switchboard_pii', pii_entities_config: { SECRET: 'mask' } });
    expect(await pii.check(userTexts('a@b.co key sk-abcdefghijklmnopqrstuvwx'), checkContext())).toEqual({
      verdict: 'mask',
      texts: ['a@b.co key [SECRET_1]'],
      entities: { SECRET: 1 },
    });
  });

  it('makes request placeholders restorable only with unmask_output', async () => {
    const plain = checkContext();
    await guardrailFor({ guardrail: 'switchboard_pii' }).check(userTexts('a@b.co'), plain);
    expect(plain.vault.restore('hi [EMAIL_1]')).toBe('hi [EMAIL_1]');

    const unmasking = checkContext();
    await guardrailFor({ guardrail: 'switchboard_pii', unmask_output: true }).check(userTexts('a@b.co'), unmasking);
    expect(unmasking.vault.restore('hi [EMAIL_1]')).toBe('hi a@b.co');

    const answer = checkContext({ phase: 'response' });
    await guardrailFor({ guardrail: 'switchboard_pii', output_parse_pii: true }).check(userTexts('a@b.co'), answer);
    expect(answer.vault.restore('[EMAIL_1]')).toBe('[EMAIL_1]');
  });

  it('masks what would block when only logging', async () => {
    const pii = guardrailFor({ guardrail: 'switchboard_pii', pii_entities_config: { CREDIT_CARD: 'block' } });
    expect(await pii.check(userTexts('card 4111111111111111'), checkContext({ purpose: 'log' }))).toEqual({
      verdict: 'mask',
      texts: ['card [CREDIT_CARD_1]'],
      entities: { CREDIT_CARD: 1 },
    });
  });

  it('shares one phone validation budget across the texts of a check, then masks full-number lookalikes by shape', async () => {
    const pii = guardrailFor({ guardrail: 'switchboard_pii', pii_entities_config: { PHONE: 'mask' } });
    const decoys = Array.from({ length: 300 }, () => 'id 12 34 56 78 90');
    const result = await pii.check(userTexts(...decoys, 'call (212) 736-5000', 'short 123 4567'), checkContext());
    expect(result.verdict).toBe('mask');
    const texts = result.verdict === 'mask' ? result.texts : [];
    expect(texts[0]).toBe('id 12 34 56 78 90');
    expect(texts[299]).toBe('id [PHONE_1]');
    expect(texts[300]).toBe('call [PHONE_2]');
    expect(texts[301]).toBe('short 123 4567');
  });
});
