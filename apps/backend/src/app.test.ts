import { describe, expect, it } from 'vitest';
import { isServedBy, samplePathOf } from '@switchboard/route-allowlist';
import { createLogger, runService } from '@switchboard/service-kit';
import { createBackendApp } from './app.ts';

describe('backend app', () => {
  it('mounts only routes the table gives to the backend', () => {
    const backend = createBackendApp(createLogger('backend', { level: 'silent' }));
    for (const route of backend.routes) expect(isServedBy('backend', samplePathOf(route.path)), route.path).toBe(true);
  });

  it('serves readiness, the UI bootstrap config and a JSON 404 for data-plane paths', async () => {
    const service = await runService(createBackendApp(createLogger('backend', { level: 'silent' })), { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 100 });
    try {
      const base = `http://127.0.0.1:${service.port}`;
      expect((await fetch(`${base}/health/readiness`)).status).toBe(200);
      const config = await fetch(`${base}/.well-known/switchboard-ui-config`);
      expect(await config.json()).toMatchObject({ service: 'backend', ready: true });
      const missing = await fetch(`${base}/v1/chat/completions`, { method: 'POST' });
      expect(missing.status).toBe(404);
      expect((await missing.json()).error.code).toBe('route_not_found');
    } finally {
      await service.shutdown('test');
    }
  });
});
