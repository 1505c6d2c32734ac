import { afterEach, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import type { Principal } from '@switchboard/contracts';
import { metricsTokenFromEnv } from '@switchboard/data-plane';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { createGatewayApp } from './app.ts';

const MASTER = 'sk-master-admin-surface';
const SCRAPE_TOKEN = 'scrape-token-0123456789abcdef';
const running: RunningService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.shutdown('test over')));
});

async function startGateway(metricsToken?: string): Promise<string> {
  const config = buildGatewayConfig({ model_list: [{ model_name: 'mock-test', litellm_params: { model: 'mock/mock-model' } }], general_settings: { master_key: MASTER } }, {});
  // A virtual key of any role: the gateway's principals carry no role, so only the master key is an admin here.
  const verifyKey = async (token: string): Promise<Principal | undefined> => (token === 'sk-virtual-key-0001' ? { kind: 'virtual_key', keyHash: 'h', userId: 'u' } : undefined);
  const gateway = createGatewayApp({ config, logger: createLogger('gateway', { level: 'silent' }), verifyKey, ...(metricsToken ? { metricsToken } : {}) });
  const service = await runService(gateway.service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 100 });
  running.push(service);
  return `http://127.0.0.1:${service.port}`;
}

const get = (url: string, authorization?: string) => fetch(url, { headers: authorization ? { authorization } : {} });

describe('/metrics scrape token', () => {
  it('answers anyone on the gateway port when METRICS_TOKEN is unset (the fronts never forward it)', async () => {
    const base = await startGateway();
    const res = await get(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('switchboard_');
  });

  it('with METRICS_TOKEN: 401 without the token, with another token or another scheme; 200 with Bearer <token>', async () => {
    const base = await startGateway(SCRAPE_TOKEN);
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789abc', `Basic ${SCRAPE_TOKEN}`, `Bearer ${MASTER}`, SCRAPE_TOKEN, `Bearer ${SCRAPE_TOKEN}x`]) {
      const res = await get(`${base}/metrics`, authorization);
      expect(res.status, String(authorization)).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect((await res.json()).error.code).toBe('invalid_metrics_token');
    }
    const ok = await get(`${base}/metrics`, `Bearer ${SCRAPE_TOKEN}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('switchboard_');
  });

  it('reads METRICS_TOKEN: unset or empty is open, a short or spaced token is a startup error', () => {
    expect(metricsTokenFromEnv({})).toBeUndefined();
    expect(metricsTokenFromEnv({ METRICS_TOKEN: '' })).toBeUndefined();
    expect(metricsTokenFromEnv({ METRICS_TOKEN: SCRAPE_TOKEN })).toBe(SCRAPE_TOKEN);
    expect(() => metricsTokenFromEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be 16 to 512/);
    expect(() => metricsTokenFromEnv({ METRICS_TOKEN: 'has a space in the middle' })).toThrow(/METRICS_TOKEN/);
  });
});

describe('gateway /routes', () => {
  it('lists the routes for the master key only', async () => {
    const base = await startGateway();
    const listed = await get(`${base}/routes`, `Bearer ${MASTER}`);
    expect(listed.status).toBe(200);
    expect((await listed.json()).routes).toContainEqual({ method: 'post', path: '/v1/chat/completions' });
    for (const [authorization, status] of [[undefined, 401], ['Bearer sk-unknown-key-000', 401], ['Bearer sk-virtual-key-0001', 403]] as const) {
      const res = await get(`${base}/routes`, authorization);
      expect(res.status, String(authorization)).toBe(status);
      expect(await res.text()).not.toContain('/v1/chat/completions');
    }
  });
});
