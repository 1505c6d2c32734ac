import { describe, expect, it } from 'vitest';
import type { Deployment } from '@switchboard/config';
import { InProcessLimiter } from '@switchboard/limits';
import { ProviderError } from '@switchboard/providers';
import { createDeploymentAdmit } from './create-deployment-admit.ts';

const deployment = (limits: Pick<Deployment, 'rpm' | 'tpm'>): Deployment =>
  ({ id: 'd1', modelGroup: 'gpt', provider: 'openai', model: 'gpt-4o', timeoutMs: 1_000, prices: {}, params: {}, modelInfo: {}, source: 'config', ...limits }) as Deployment;

describe('createDeploymentAdmit', () => {
  it('answers a deployment without rpm or tpm at once, with no promise to wait for', () => {
    const admit = createDeploymentAdmit(new InProcessLimiter());
    expect(admit(deployment({}), { requestId: 'r1', estimatedTokens: 10 })).toBeUndefined();
  });

  it('holds a limited deployment to its rpm: a slot, then rate_limit once it is full', async () => {
    const admit = createDeploymentAdmit(new InProcessLimiter());
    const limited = deployment({ rpm: 1 });
    const slot = await admit(limited, { requestId: 'r1', estimatedTokens: 10 });
    expect(slot).toBeDefined();
    slot?.release(10);
    const refused = await Promise.resolve(admit(limited, { requestId: 'r2', estimatedTokens: 10 })).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProviderError);
    expect((refused as ProviderError).kind).toBe('rate_limit');
  });
});
