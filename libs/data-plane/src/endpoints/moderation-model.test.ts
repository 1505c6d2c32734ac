import { describe, expect, it } from 'vitest';
import type { Deployment } from '@switchboard/config';
import { defaultModerationModel } from './moderation-model.ts';

const router = (groups: Record<string, Record<string, unknown>[]>) => ({
  groupNames: () => Object.keys(groups),
  deploymentsOf: (group: string) => (groups[group] ?? []).map((modelInfo) => ({ modelInfo }) as unknown as Deployment),
});

describe('defaultModerationModel', () => {
  it('is the first model group with a deployment marked mode: moderation', () => {
    expect(defaultModerationModel(router({ chat: [{}], 'omni-moderation': [{ mode: 'moderation' }], other: [{ mode: 'moderation' }] }))).toBe('omni-moderation');
  });

  it('refuses with a 400 naming how to configure one when none is marked', () => {
    expect(() => defaultModerationModel(router({ chat: [{ mode: 'chat' }] }))).toThrow(expect.objectContaining({ status: 400, param: 'model' }));
  });
});
