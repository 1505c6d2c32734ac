import { describe, expect, it } from 'vitest';
import { isServedBy, samplePathOf } from '@switchboard/route-allowlist';
import { createLogger, runService } from '@switchboard/service-kit';
import { createGatewayApp } from './app.ts';

describe('gateway app', () => {
  it('mounts only routes the table gives to the gateway', () => {
    const gateway = createGatewayApp(createLogger('gateway', { level: 'silent' }));
    for (const route of gateway.routes) expect(isServedBy('gateway', samplePathOf(route.path)), route.path).toBe(true);
  });

  it('serves liveliness, Prometheus metrics and a JSON 404 for management paths', async () => {
    const service = await runService(createGatewayApp(createLogger('gateway', { level: 'silent' })), { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 100 });
    try {
      const base = `http://127.0.0.1:${service.port}`;
      expect((await fetch(`${base}/health/liveliness`)).status).toBe(200);
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      expect(await metrics.text()).toContain('switchboard_process_cpu_user_seconds_total');
      const missing = await fetch(`${base}/key/generate`, { method: 'POST' });
      expect(missing.status).toBe(404);
      expect((await missing.json()).error.type).toBe('not_found_error');
    } finally {
      await service.shutdown('test');
    }
  });
});
