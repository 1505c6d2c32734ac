import { describe, expect, it } from 'vitest';
import { createLogger } from '@switchboard/service-kit';
import { createBackendApp } from './app.ts';
import { createBackendTracing } from './create-backend-tracing.ts';

describe('createBackendTracing', () => {
  const logger = createLogger('backend', { level: 'silent' });

  it('is off without the otel callback: no request tracing, so neither the listener nor the pool is wrapped', () => {
    const { tracing, requests } = createBackendTracing({ sections: { routerSettings: {}, litellmSettings: {}, generalSettings: {} } }, {}, logger);
    expect(tracing.enabled).toBe(false);
    expect(requests).toBeUndefined();
    const backend = createBackendApp(logger, {});
    expect(backend.finalize().name).toBe('listener');
  });

  it('is on with the otel callback and an endpoint, named switchboard-backend, and wraps the listener once', async () => {
    const { tracing, requests } = createBackendTracing({ sections: { routerSettings: {}, litellmSettings: { callbacks: ['otel'] }, generalSettings: {} } }, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:1/v1/traces' }, logger);
    expect(tracing.enabled).toBe(true);
    const backend = createBackendApp(logger, requests ? { requests } : {});
    const listener = backend.finalize();
    expect(listener.name).toBe('tracedListener');
    expect(backend.finalize()).toBe(listener);
    await tracing.shutdown();
  });
});
