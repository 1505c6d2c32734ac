import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import type { AdmitDeployment, Admit } from '@switchboard/contracts';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { createGatewayApp } from './app.ts';
import { connectState, type GatewayState } from './connect-state.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MASTER = 'sk-master-deployment-limits';

async function redisUp(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    if (process.env.CI === 'true') throw new Error(`Redis is not reachable at ${REDIS_URL}, and CI=true requires it`);
    console.warn(`SKIPPED: Redis is not reachable at ${REDIS_URL}`);
    return false;
  } finally {
    probe.disconnect();
  }
}

describe.runIf(await redisUp())("a deployment's rpm is shared by replicas through Redis", () => {
  const silent = createLogger('test', { level: 'silent' });
  const replicas: { service: RunningService; state: GatewayState }[] = [];
  // A fresh deployment id per run: its counter in Redis starts empty.
  const config = buildGatewayConfig(
    {
      model_list: [{ model_name: 'limited', litellm_params: { model: 'mock/m', mock_response: 'ok', rpm: 5 }, model_info: { id: `limited-${randomUUID()}`, input_cost_per_token: 0, output_cost_per_token: 0 } }],
      router_settings: { num_retries: 0, cooldown_time: 0 },
      general_settings: { master_key: MASTER },
    },
    {},
  );

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      let state: GatewayState | undefined;
      const admit: Admit = (req, call) => (state ? state.admit(req, call) : Promise.resolve(undefined));
      const admitDeployment: AdmitDeployment = (d, call) => (state?.admitDeployment ? state.admitDeployment(d, call) : Promise.resolve(undefined));
      const app = createGatewayApp({ config, logger: silent, admit, admitDeployment });
      state = await connectState({ REDIS_URL }, config, { router: app.router, priceBook: app.priceBook, health: app.service.health }, silent);
      replicas.push({ service: await runService(app.service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 500 }), state });
    }
  });

  afterAll(async () => {
    for (const { service, state } of replicas) {
      await service.shutdown('test');
      await state.close();
    }
  });

  it('two replicas together admit the deployment rpm, not twice it', async () => {
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 100));
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const { service } = replicas[i % 2] as (typeof replicas)[number];
      const res = await fetch(`http://127.0.0.1:${service.port}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'limited', messages: [{ role: 'user', content: 'hi' }] }),
      });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 429 || s === 503)).toBe(true);
  });
});
