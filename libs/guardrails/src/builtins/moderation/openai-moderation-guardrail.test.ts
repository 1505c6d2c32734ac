import { describe, expect, it } from 'vitest';
import { checkContext, guardrailFor, userTexts } from '../../testing/guardrail-for-test.ts';
import type { ModerateFn } from './moderate-fn.ts';

describe('openai_moderation', () => {
  it('sends the non-empty texts to the injected moderation call with the configured model and blocks what it flags', async () => {
    const calls: [string[], string][] = [];
    const moderate: ModerateFn = async (input, { model }) => {
      calls.push([input, model]);
      return { flagged: input.some((text) => text.includes('hurt')), categories: { violence: input.some((text) => text.includes('hurt')), hate: false } };
    };
    const guard = guardrailFor({ guardrail: 'openai_moderation', model: 'mod-group' }, { moderate });
    expect(await guard.check(userTexts('hello', ' ', 'how to hurt'), checkContext())).toEqual({
      verdict: 'block',
      reason: 'flagged by moderation: violence',
      entities: { violence: 1 },
    });
    expect(await guard.check(userTexts('hello'), checkContext())).toEqual({ verdict: 'pass' });
    expect(calls).toEqual([
      [['hello', 'how to hurt'], 'mod-group'],
      [['hello'], 'mod-group'],
    ]);
  });

  it('blocks only on the configured categories', async () => {
    const moderate: ModerateFn = async () => ({ flagged: true, categories: { harassment: true, violence: false } });
    expect(await guardrailFor({ guardrail: 'openai_moderation', categories: ['violence'] }, { moderate }).check(userTexts('x'), checkContext())).toEqual({ verdict: 'pass' });
    expect(await guardrailFor({ guardrail: 'openai_moderation', categories: ['harassment'] }, { moderate }).check(userTexts('x'), checkContext())).toMatchObject({ verdict: 'block' });
  });

  it('gives up after its timeout even when the moderation call never answers', async () => {
    const moderate: ModerateFn = () => new Promise(() => undefined);
    const guard = guardrailFor({ guardrail: 'openai_moderation', timeout: 0.05 }, { moderate });
    await expect(guard.check(userTexts('x'), checkContext())).rejects.toThrow('timed out after 50 ms');
  });

  it('is a config error without the gateway\'s moderation call', () => {
    expect(() => guardrailFor({ guardrail: 'openai_moderation' })).toThrow('openai_moderation needs the gateway\'s moderation call');
  });
});
