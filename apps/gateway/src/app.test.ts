import { describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { isServedBy, samplePathOf } from '@switchboard/route-allowlist';
import { createLogger } from '@switchboard/service-kit';
import { createGatewayApp } from './app.ts';

describe('gateway app', () => {
  it('mounts only routes the table gives to the gateway', () => {
    const { service } = createGatewayApp({ config: buildGatewayConfig({}, {}), logger: createLogger('gateway', { level: 'silent' }) });
    expect(service.routes.length).toBeGreaterThan(20);
    for (const route of service.routes) expect(isServedBy('gateway', samplePathOf(route.path)), route.path).toBe(true);
  });
});
