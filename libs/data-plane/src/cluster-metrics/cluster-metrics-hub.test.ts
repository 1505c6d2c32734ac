import { Counter, Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from '../gateway-metrics.ts';
import { ClusterMetricsHub } from './cluster-metrics-hub.ts';
import { METRICS_ANSWER, METRICS_COLLECT, METRICS_REPORT, METRICS_REQUEST } from './cluster-metrics-messages.ts';

/** Workers in this process: each answers a collect with its own registry, as cluster-metrics-worker.ts does. */
function fakePool(registries: Map<number, Registry | 'silent' | 'malformed'>, hub: () => ClusterMetricsHub, answers: unknown[] = []) {
  const workerOf = (id: number) => ({
    id,
    send(message: unknown) {
      const msg = message as { type: string; id: number };
      if (msg.type === METRICS_ANSWER) answers.push(message);
      const registry = registries.get(id);
      if (msg.type !== METRICS_COLLECT || !registry || registry === 'silent') return;
      if (registry === 'malformed') return void hub().handle(id, { type: METRICS_REPORT, id: msg.id, metrics: [{ name: 'x', values: 'none' }] });
      void registry.getMetricsAsJSON().then((metrics) => hub().handle(id, { type: METRICS_REPORT, id: msg.id, metrics }));
    },
  });
  return { ready: () => [...registries.keys()].map(workerOf), worker: (id: number) => (registries.has(id) ? workerOf(id) : undefined) };
}

describe('ClusterMetricsHub', () => {
  it('sums hot counters and histogram buckets, and merges gauges by their own rule', async () => {
    const a = new GatewayMetrics();
    const b = new GatewayMetrics();
    a.requests.labels('m', '/chat/completions', '200').inc(3);
    b.requests.labels('m', '/chat/completions', '200').inc(4);
    b.requests.labels('m', '/chat/completions', '429').inc();
    a.requestLatency.labels('m', '/chat/completions').observe(0.002);
    b.requestLatency.labels('m', '/chat/completions').observe(0.2);
    a.readDeploymentStatesFrom(() => [{ labels: ['m', 'd1', 'openai'], state: 0 }]);
    b.readDeploymentStatesFrom(() => [{ labels: ['m', 'd1', 'openai'], state: 2 }]);
    a.remainingBudget.labels('key', 'k1').set(5);
    b.remainingBudget.labels('key', 'k1').set(3);
    const primary = new Registry();
    new Gauge({ name: 'switchboard_workers', help: 'workers', registers: [primary] }).set(2);
    let hub!: ClusterMetricsHub;
    hub = new ClusterMetricsHub(fakePool(new Map([[1, a.registry], [2, b.registry]]), () => hub), primary);
    const text = await hub.scrape();
    expect(text).toContain('switchboard_requests_total{model="m",route="/chat/completions",status_code="200"} 7');
    expect(text).toContain('switchboard_requests_total{model="m",route="/chat/completions",status_code="429"} 1');
    expect(text).toContain('switchboard_request_duration_seconds_bucket{model="m",route="/chat/completions",le="0.0025"} 1');
    expect(text).toContain('switchboard_request_duration_seconds_bucket{model="m",route="/chat/completions",le="0.25"} 2');
    expect(text).toContain('switchboard_request_duration_seconds_count{model="m",route="/chat/completions"} 2');
    expect(text).toContain('switchboard_deployment_state{model_group="m",deployment="d1",provider="openai"} 2');
    expect(text).toContain('switchboard_remaining_budget_usd{entity_type="key",entity="k1"} 3');
    expect(text).toContain('switchboard_workers 2');
    expect(text.match(/^# TYPE switchboard_requests_total counter$/gm)).toHaveLength(1);
  });

  it('fails a scrape that misses a worker instead of answering a partial sum', async () => {
    const reporting = new Registry();
    new Counter({ name: 'c_total', help: 'c', registers: [reporting] }).inc();
    let hub!: ClusterMetricsHub;
    hub = new ClusterMetricsHub(fakePool(new Map<number, Registry | 'silent' | 'malformed'>([[1, reporting], [2, 'silent']]), () => hub), new Registry(), 100);
    await expect(hub.scrape()).rejects.toThrow('gateway workers 2 did not report their metrics within 100 ms');
    const exiting = hub.scrape();
    hub.workerExited(2);
    await expect(exiting).rejects.toThrow('gateway worker 2 exited during the scrape');
    hub = new ClusterMetricsHub(fakePool(new Map<number, Registry | 'silent' | 'malformed'>([[1, reporting], [2, 'malformed']]), () => hub), new Registry(), 100);
    await expect(hub.scrape()).rejects.toThrow(/gateway worker 2 sent malformed metrics \(0\.help: Required\)/);
  });

  it("answers a worker's request with the merged text, and ignores messages that are not its own", async () => {
    const registry = new Registry();
    new Counter({ name: 'c_total', help: 'c', registers: [registry] }).inc(2);
    const answers: unknown[] = [];
    let hub!: ClusterMetricsHub;
    hub = new ClusterMetricsHub(fakePool(new Map([[1, registry]]), () => hub, answers), new Registry());
    expect(hub.handle(1, { type: 'something-else' })).toBe(false);
    expect(hub.handle(1, { type: METRICS_REQUEST, id: 7 })).toBe(true);
    await expect.poll(() => answers.length).toBe(1);
    expect(answers[0]).toMatchObject({ type: METRICS_ANSWER, id: 7, text: expect.stringContaining('c_total 2') });
  });
});
