import { collectDefaultMetrics, Registry } from 'prom-client';

/** The gateway's Prometheus registry; every metric carries the `switchboard_` prefix. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'switchboard_' });
  return registry;
}
