import type { Logger } from 'pino';
import { createServiceApp, type ServiceApp } from '@switchboard/service-kit';
import { createMetricsRegistry } from './metrics.ts';

/** The gateway's composition: the data plane routes are mounted here, in pipeline order. */
export function createGatewayApp(logger: Logger): ServiceApp {
  const gateway = createServiceApp('gateway', logger);
  const metrics = createMetricsRegistry();

  gateway.route('get', '/metrics', async (_req, res) => {
    res.setHeader('Content-Type', metrics.contentType);
    res.send(await metrics.metrics());
  });
  return gateway;
}
